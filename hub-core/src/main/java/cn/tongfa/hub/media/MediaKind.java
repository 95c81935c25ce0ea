package cn.tongfa.hub.media;

/** What a file of the media library is for: an image (cover, body image) or a document (attachment). */
public enum MediaKind {
    IMAGE,
    DOCUMENT
}
