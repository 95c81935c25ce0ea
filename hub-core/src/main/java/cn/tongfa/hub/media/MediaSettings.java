package cn.tongfa.hub.media;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the media library ({@code tongfa.media.*}).
 *
 * @param store             where the bytes live: {@code file} (a directory of this machine, the embedded default)
 *                          or {@code database} (the database of record, shared by every hub process)
 * @param dir               the directory of the {@code file} store
 * @param maxImageSize      the largest image accepted
 * @param maxDocumentSize   the largest document accepted
 * @param signingKey        the key of signed media addresses; when unset, a key generated once and kept in the
 *                          database, so that every hub process signs alike
 * @param signedUrlValidity how long the signed address an item event carries stays valid
 * @param publicMaxAge      how long browsers and shared caches may keep a public file: the bytes of an id never
 *                          change, but a withdrawal ends its publicity, so caches should not keep it for ever
 * @param zipMaxEntries     the most files a ZIP attachment may hold (each is checked)
 */
@ConfigurationProperties("tongfa.media")
public record MediaSettings(
        @DefaultValue("file") Store store,
        @DefaultValue("./data/media") Path dir,
        @DefaultValue("10MB") DataSize maxImageSize,
        @DefaultValue("50MB") DataSize maxDocumentSize,
        String signingKey,
        @DefaultValue("14d") Duration signedUrlValidity,
        @DefaultValue("1d") Duration publicMaxAge,
        @DefaultValue("500") int zipMaxEntries) {

    public enum Store {
        FILE,
        DATABASE
    }

    public MediaSettings {
        if (maxImageSize.toBytes() <= 0 || maxDocumentSize.toBytes() <= 0) {
            throw new IllegalArgumentException("tongfa.media.max-image-size and max-document-size must be positive");
        }
        if (signingKey != null && !signingKey.isBlank() && signingKey.length() < 32) {
            throw new IllegalArgumentException("tongfa.media.signing-key: at least 32 characters");
        }
        if (signedUrlValidity.isNegative() || signedUrlValidity.isZero()) {
            throw new IllegalArgumentException("tongfa.media.signed-url-validity must be positive");
        }
    }

    /** The larger limit: what an upload may reach before its type is known. */
    long maxSize() {
        return Math.max(maxImageSize.toBytes(), maxDocumentSize.toBytes());
    }

    long maxSize(MediaKind kind) {
        return kind == MediaKind.IMAGE ? maxImageSize.toBytes() : maxDocumentSize.toBytes();
    }
}
