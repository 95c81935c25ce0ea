package cn.tongfa.connector.disclosure;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The disclosure column's form of an item: one catalogue entry as {@code docs/disclosure-api.md} defines it.
 * Serialised field by field, so the same item version always gives the same entry (the platform is idempotent
 * on 索引号 + version and compares content).
 *
 * @param indexNo     索引号, assigned by the hub
 * @param version     the item version
 * @param title       名称
 * @param summary     内容概述
 * @param category    主题分类
 * @param publisher   发布机构
 * @param docNumber   文号
 * @param writtenOn   成文日期, ISO date
 * @param publishedAt 发布日期, ISO date-time with offset
 * @param validity    有效性
 * @param bodyHtml    正文: the hub's sanitised body, its images at the hub's public addresses ({@link DisclosureBody})
 * @param link        the item's portal page
 * @param attachments 附件
 * @param itemId      the hub's item id
 */
public record DisclosureEntry(
        String indexNo,
        int version,
        String title,
        String summary,
        String category,
        String publisher,
        String docNumber,
        String writtenOn,
        String publishedAt,
        String validity,
        String bodyHtml,
        String link,
        List<Attachment> attachments,
        String itemId) {

    /** The validity of an entry the hub publishes; the hub has no notion of expired items yet. */
    public static final String VALID = "有效";

    public DisclosureEntry {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        validity = validity == null ? VALID : validity;
    }

    /**
     * An attachment as the platform lists it ({@code docs/disclosure-api.md}, "Attachments"): the platform links or
     * downloads the hub's public copy and checks it against the size and digest.
     *
     * @param name   the name readers see (the editor's display name)
     * @param type   the MIME type the hub sniffed from the bytes
     * @param size   size in bytes
     * @param sha256 SHA-256 of the bytes, lower-case hex
     * @param url    the hub's public address of the file, absolute
     */
    public record Attachment(String name, String type, long size, String sha256, String url) {

        static Attachment of(ItemSnapshot.Media media) {
            return new Attachment(media.name(), media.contentType(), media.size(),
                    media.sha256() == null ? null : media.sha256().toLowerCase(Locale.ROOT), media.url());
        }
    }

    /** Adapts the event's item; the caller has checked that it has an index number. */
    public static DisclosureEntry of(ItemEvent event) {
        ItemSnapshot item = event.item();
        String override = item.override("disclosure", "summary");
        return new DisclosureEntry(
                item.indexNo(),
                event.version(),
                item.title(),
                override != null ? override : item.summary(),
                item.category(),
                item.publisher(),
                item.docNumber(),
                item.writtenOn() == null ? null : DateTimeFormatter.ISO_LOCAL_DATE.format(item.writtenOn()),
                item.publishedAt() == null ? null
                        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(item.publishedAt()),
                VALID,
                DisclosureBody.of(item),
                item.portalUrl(),
                item.attachments().stream().map(Attachment::of).toList(),
                event.itemId());
    }
}
