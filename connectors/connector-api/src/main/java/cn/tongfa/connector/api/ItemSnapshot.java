package cn.tongfa.connector.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The content of an item at one version, as every channel needs it.
 *
 * @param title       the title (名称)
 * @param summary     a short summary (内容概述), may be null
 * @param bodyHtml    the body as sanitised HTML; every image is one of {@code images}, referenced by its public
 *                    {@link Media#url()} (the hub imports external images when the item is saved)
 * @param category    the catalogue category (主题分类), may be null
 * @param docType     the document type (规章, 行政规范性文件, 政策解读, …), may be null
 * @param docNumber   the document number (文号), may be null
 * @param writtenOn   the date the document was written (成文日期), may be null
 * @param indexNo     the catalogue index number (索引号) assigned at publication
 * @param publisher   the publishing agency's name (发布机构)
 * @param portalUrl   the absolute URL of the item's portal page, known before the portal delivers it
 * @param portalPath  the same page as a path relative to the portal's root, e.g. {@code demo/202603/t20260301_x.html}
 * @param publishedAt when the item was first published (发布日期)
 * @param coverUrl    public URL of the cover image ({@code cover.url()}), null without a cover
 * @param attachments attachments (附件) in the editor's order, each with the name readers see
 * @param overrides   per-channel overrides by the editor, e.g. {@code {"weibo":{"text":"…"}}}
 * @param cover       the cover image, null when the editor chose none
 * @param images      the images of the body, in the order they first appear
 */
public record ItemSnapshot(
        String title,
        String summary,
        String bodyHtml,
        String category,
        String docType,
        String docNumber,
        LocalDate writtenOn,
        String indexNo,
        String publisher,
        String portalUrl,
        String portalPath,
        OffsetDateTime publishedAt,
        String coverUrl,
        List<Media> attachments,
        Map<String, Map<String, String>> overrides,
        Media cover,
        List<Media> images) {

    public ItemSnapshot {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        images = images == null ? List.of() : List.copyOf(images);
        if (cover != null && coverUrl == null) {
            coverUrl = cover.url();
        }
    }

    /** An item without cover or body images in the media library (events written before media existed). */
    public ItemSnapshot(String title, String summary, String bodyHtml, String category, String docType,
            String docNumber, LocalDate writtenOn, String indexNo, String publisher, String portalUrl,
            String portalPath, OffsetDateTime publishedAt, String coverUrl, List<Media> attachments,
            Map<String, Map<String, String>> overrides) {
        this(title, summary, bodyHtml, category, docType, docNumber, writtenOn, indexNo, publisher, portalUrl,
                portalPath, publishedAt, coverUrl, attachments, overrides, null, List.of());
    }

    /**
     * The body image an {@code <img src>} of {@link #bodyHtml()} refers to: matched by its public URL, or by the
     * hub's path {@code /media/{id}}. Null for anything else, which no connector may fetch.
     */
    public Media image(String src) {
        if (src == null) {
            return null;
        }
        String wanted = src.strip();
        for (Media image : images) {
            if (wanted.equals(image.url()) || wanted.equals("/media/" + image.id())) {
                return image;
            }
        }
        return null;
    }

    /** The editor's override of one field for one channel, or null when the editor set none. */
    public String override(String channel, String field) {
        Map<String, String> fields = overrides.get(channel);
        if (fields == null) {
            return null;
        }
        String value = fields.get(field);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * A file of the hub's media library as one item uses it: an attachment, the cover or a body image.
     *
     * @param id          media id
     * @param name        the name readers see (an attachment's display name; the original file name otherwise)
     * @param url         the file's public address, {@code {public-url}/media/{id}}: served to anyone once the item
     *                    is published, the address a channel shows when it links the hub's copy
     * @param fetchUrl    where a connector downloads the bytes: the same address signed by the hub and valid for
     *                    some days, so that it works before the item is public too. Never shown to readers
     * @param contentType the type sniffed from the bytes, e.g. {@code image/jpeg}, {@code application/pdf}
     * @param size        size in bytes
     * @param sha256      the bytes' SHA-256, lower-case hex
     * @param width       pixel width of an image, null for documents
     * @param height      pixel height of an image, null for documents
     */
    public record Media(String id, String name, String url, String fetchUrl, String contentType, long size,
            String sha256, Integer width, Integer height) {

        /** A file whose bytes are read from {@code url} itself (no signed address, no digest known). */
        public Media(String id, String name, String url, String contentType, long size) {
            this(id, name, url, url, contentType, size, null, null, null);
        }

        /** Whether this is an image (JPEG, PNG, GIF). */
        public boolean isImage() {
            return contentType != null && contentType.startsWith("image/");
        }
    }
}
