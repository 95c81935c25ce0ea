package cn.tongfa.connector.wechat;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the WeChat connector, bound from {@code tongfa.connectors.wechat.*}. Null values take the
 * defaults below.
 *
 * @param apiHost        base URL of the WeChat API without a trailing slash (the sandbox:
 *                       {@code http://HOST:PORT/sandbox/wechat}); null means WeChat's own
 *                       {@code https://api.weixin.qq.com}
 * @param accounts       official accounts keyed by agency id
 * @param pollInterval   how often a publish job's status is asked for (default 5 s)
 * @param publishTimeout how long a delivery waits for a publish job to finish before it reports the delivery
 *                       as unconfirmed (default 5 min)
 * @param requestTimeout read and write timeout of one API call (default 30 s)
 */
public record WechatSettings(
        String apiHost,
        Map<String, WechatAccount> accounts,
        Duration pollInterval,
        Duration publishTimeout,
        Duration requestTimeout) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The configuration prefix, for messages that name a key. */
    public static final String PREFIX = "tongfa.connectors.wechat";

    public WechatSettings {
        apiHost = apiHost == null || apiHost.isBlank() ? null : apiHost.strip().replaceAll("/+$", "");
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        pollInterval = positiveOr(pollInterval, DEFAULT_POLL_INTERVAL);
        publishTimeout = positiveOr(publishTimeout, DEFAULT_PUBLISH_TIMEOUT);
        requestTimeout = positiveOr(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
    }

    /** The account of this agency, or null when none is configured. */
    public WechatAccount account(String agency) {
        return accounts.get(agency);
    }

    /** The configuration key of one field of an agency's account, e.g. {@code …accounts.demo.secret}. */
    public static String accountKey(String agency, String field) {
        return PREFIX + ".accounts." + agency + (field == null ? "" : "." + field);
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }
}
