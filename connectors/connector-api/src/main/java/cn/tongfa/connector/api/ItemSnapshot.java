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
 * @param bodyHtml    the body as sanitised HTML; images reference the hub's {@code /media/{id}} URLs
 * @param category    the catalogue category (主题分类), may be null
 * @param docType     the document type (规章, 行政规范性文件, 政策解读, …), may be null
 * @param docNumber   the document number (文号), may be null
 * @param writtenOn   the date the document was written (成文日期), may be null
 * @param indexNo     the catalogue index number (索引号) assigned at publication
 * @param publisher   the publishing agency's name (发布机构)
 * @param portalUrl   the absolute URL of the item's portal page, known before the portal delivers it
 * @param portalPath  the same page as a path relative to the portal's root, e.g. {@code demo/202603/t20260301_x.html}
 * @param publishedAt when the item was first published (发布日期)
 * @param coverUrl    absolute URL of the cover image, may be null
 * @param attachments attachments in order
 * @param overrides   per-channel overrides by the editor, e.g. {@code {"weibo":{"text":"…"}}}
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
        List<Attachment> attachments,
        Map<String, Map<String, String>> overrides) {

    public ItemSnapshot {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
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
     * An attachment of the item.
     *
     * @param id          media id
     * @param name        file name shown to readers
     * @param url         absolute URL the file is served from
     * @param contentType sniffed media type
     * @param size        size in bytes
     */
    public record Attachment(String id, String name, String url, String contentType, long size) {
    }
}
