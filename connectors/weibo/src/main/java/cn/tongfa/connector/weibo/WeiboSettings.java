package cn.tongfa.connector.weibo;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Weibo connector, bound from {@code tongfa.connectors.weibo.*}.
 *
 * @param apiBase        Weibo's API address without {@code /2/…} (default {@code https://api.weibo.com})
 * @param accounts       each agency's Weibo account, keyed by agency id ({@code …accounts.<agency>.*})
 * @param connectTimeout how long to wait for a connection (default 5 s)
 * @param readTimeout    how long to wait for an answer (default 15 s)
 * @param lookupPages    how many timeline pages of {@value WeiboClient#PAGE_SIZE} posts a look-up searches
 *                       (default 4)
 */
public record WeiboSettings(String apiBase, Map<String, WeiboAccount> accounts, Duration connectTimeout,
        Duration readTimeout, Integer lookupPages) {

    /** The configuration prefix, named in error messages. */
    public static final String PREFIX = "tongfa.connectors.weibo";

    /** Weibo's public API address. */
    public static final String DEFAULT_API_BASE = "https://api.weibo.com";

    public WeiboSettings {
        apiBase = apiBase == null || apiBase.isBlank() ? DEFAULT_API_BASE : apiBase;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
        lookupPages = lookupPages == null || lookupPages < 1 ? 4 : lookupPages;
    }

    /** The key of an agency's access token, as named to operators. */
    public static String accessTokenKey(String agency) {
        return accountKey(agency, "access-token");
    }

    /** The configuration key of one field of an agency's account, e.g. {@code …accounts.demo.update-policy}. */
    public static String accountKey(String agency, String field) {
        return PREFIX + ".accounts." + agency + "." + field;
    }
}
