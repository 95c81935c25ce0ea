package cn.tongfa.hub;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the hub as a whole ({@code tongfa.*}).
 *
 * @param roles     which parts this process runs: {@code api}, {@code relay}, {@code ledger}, {@code connectors}
 * @param zone      the hub's time zone: counts are per calendar year in this zone
 * @param publicUrl the address readers and channels reach the hub at (portal pages, media)
 * @param portal    the URL readers reach the portal pages at
 */
@ConfigurationProperties("tongfa")
public record HubSettings(
        @DefaultValue({"api", "relay", "ledger", "connectors"}) List<String> roles,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue Portal portal) {

    public static final Set<String> KNOWN_ROLES = Set.of("api", "relay", "ledger", "connectors");

    public HubSettings {
        for (String role : roles) {
            if (!KNOWN_ROLES.contains(role)) {
                throw new IllegalArgumentException("tongfa.roles: unknown role '" + role + "', expected some of "
                        + KNOWN_ROLES);
            }
        }
        publicUrl = stripSlash(publicUrl);
    }

    public boolean runs(String role) {
        return roles.contains(role);
    }

    /**
     * @param baseUrl URL of the portal's root as readers see it; defaults to {@code publicUrl + "/portal/"}, where
     *                the hub itself serves the pages the portal connector writes (embedded default)
     */
    public record Portal(String baseUrl) {
    }

    /** The portal's base URL, always ending in a slash. */
    public String portalBaseUrl() {
        String base = portal.baseUrl() == null || portal.baseUrl().isBlank()
                ? publicUrl + "/portal/"
                : portal.baseUrl();
        return base.endsWith("/") ? base : base + "/";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
