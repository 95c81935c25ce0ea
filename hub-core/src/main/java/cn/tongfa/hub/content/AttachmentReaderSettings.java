package cn.tongfa.hub.content;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of reading attachments' text ({@code tongfa.content.attachments.*}), checked when the reader is built.
 *
 * @param maxCharacters the most characters of text kept per file; the rest is not checked and the attachment is
 *                      reported as cut (default 2,000,000: a list of 20,000 names with numbers fits)
 * @param timeout       the longest one file may take to read (default 60 s): a file that takes longer is unreadable
 * @param maxEntries    the most entries a zip-based file (OFD) may have (default 10,000)
 * @param maxEntryBytes the most bytes one entry of a zip-based file may inflate to (default 64 MB)
 * @param maxTotalBytes the most bytes all entries read from one zip-based file may inflate to (default 512 MB)
 */
@ConfigurationProperties("tongfa.content.attachments")
public record AttachmentReaderSettings(Integer maxCharacters, Duration timeout, Integer maxEntries, Long maxEntryBytes,
        Long maxTotalBytes) {

    public static final AttachmentReaderSettings DEFAULTS = new AttachmentReaderSettings(null, null, null, null, null);

    public AttachmentReaderSettings {
        maxCharacters = positive("max-characters", maxCharacters, 2_000_000);
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("tongfa.content.attachments.timeout must be positive, was " + timeout);
        }
        maxEntries = positive("max-entries", maxEntries, 10_000);
        maxEntryBytes = positive("max-entry-bytes", maxEntryBytes, 64L << 20);
        maxTotalBytes = positive("max-total-bytes", maxTotalBytes, 512L << 20);
    }

    private static <N extends Number> N positive(String key, N value, N otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value.longValue() <= 0) {
            throw new IllegalStateException("tongfa.content.attachments." + key + " must be positive, was " + value);
        }
        return value;
    }
}
