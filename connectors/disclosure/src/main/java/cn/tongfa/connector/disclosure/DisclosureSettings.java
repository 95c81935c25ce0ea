package cn.tongfa.connector.disclosure;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the disclosure-column connector, bound from {@code tongfa.connectors.disclosure.*}.
 *
 * @param endpoint       the platform's base address ({@code …endpoint}), e.g. {@code https://gk.example.gov.cn};
 *                       the API lives under {@code {endpoint}/api/v1/catalog/entries}
 * @param accounts       each agency's app key and secret, keyed by agency id ({@code …accounts.<agency>.*})
 * @param connectTimeout how long to wait for a connection (default 5 s)
 * @param readTimeout    how long to wait for an answer (default 15 s)
 */
public record DisclosureSettings(String endpoint, Map<String, DisclosureAccount> accounts, Duration connectTimeout,
        Duration readTimeout) {

    /** The configuration prefix, named in error messages. */
    public static final String PREFIX = "tongfa.connectors.disclosure";

    public DisclosureSettings {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
    }
}
