package cn.tongfa.hub.media;

import java.time.Instant;

/**
 * A file as the API shows it: {@code id, url, contentType, size, sha256} (API.md) and what an editor needs
 * besides (name, kind, image size).
 */
record MediaView(String id, String url, String contentType, long size, String sha256, String name, MediaKind kind,
        Integer width, Integer height, String agency, Instant createdAt) {

    static MediaView of(MediaFile file, MediaLibrary library) {
        return new MediaView(file.id(), library.publicUrl(file.id()), file.contentType(), file.size(), file.sha256(),
                file.originalName(), file.kind(), file.width(), file.height(), file.agency(), file.createdAt());
    }
}
