package cn.tongfa.hub.fetch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How external images are imported ({@code tongfa.media.import.*}); see docs/media-import.md.
 *
 * @param allowedNetworks address blocks (CIDR: {@code 10.20.0.0/16}, {@code 10.20.1.5}, {@code fd12::/48}) that
 *                        may be fetched from although they are private, e.g. the agency's own intranet image
 *                        server; empty by default: only public addresses
 * @param maxSize         the largest image fetched; reading stops there (the media library's image limit)
 * @param connectTimeout  time to open the connection to one address
 * @param readTimeout     longest silence while waiting for or reading the answer
 * @param timeout         the whole fetch of one image, redirects and body included
 * @param maxImages       most external images imported in one save: each may take {@code timeout}, and the save
 *                        waits for all of them
 */
@ConfigurationProperties("tongfa.media.import")
public record ImportSettings(
        @DefaultValue List<String> allowedNetworks,
        @DefaultValue("10MB") DataSize maxSize,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("20") int maxImages) {

    /** At most this many redirects are followed, each checked like the first address. */
    public static final int MAX_REDIRECTS = 5;

    public ImportSettings {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        if (maxSize.toBytes() <= 0 || connectTimeout.isNegative() || connectTimeout.isZero()
                || readTimeout.isNegative() || readTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tongfa.media.import: sizes and timeouts must be positive");
        }
        if (maxImages < 0) {
            throw new IllegalArgumentException("tongfa.media.import.max-images must not be negative");
        }
        // Parsed here so that a malformed entry stops the start, naming itself.
        AddressPolicy.allowing(allowedNetworks);
    }

    /** The defaults, with the given allow-list (tests, tools). */
    public static ImportSettings defaults(List<String> allowedNetworks) {
        return new ImportSettings(allowedNetworks, DataSize.ofMegabytes(10), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 20);
    }

    /** The size limit as editors read it: {@code 10MB}, {@code 512KB}. */
    public String maxSizeLabel() {
        long bytes = maxSize.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "字节";
    }
}
