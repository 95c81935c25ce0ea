package cn.tongfa.hub.media;

import java.time.Instant;

/**
 * One file of an agency's media library.
 *
 * @param id           media id, in the address {@code /media/{id}}
 * @param agency       the agency the file belongs to
 * @param sha256       the bytes' SHA-256, lower-case hex
 * @param contentType  the type sniffed from the bytes (never the name's or the browser's)
 * @param kind         image or document
 * @param size         size in bytes
 * @param originalName the file name as uploaded (an attachment's default display name)
 * @param width        pixel width of an image, null for a document
 * @param height       pixel height of an image, null for a document
 * @param createdBy    who uploaded it first
 * @param createdAt    when it was first uploaded
 */
public record MediaFile(String id, String agency, String sha256, String contentType, MediaKind kind, long size,
        String originalName, Integer width, Integer height, String createdBy, Instant createdAt) {

    public boolean isImage() {
        return kind == MediaKind.IMAGE;
    }
}
