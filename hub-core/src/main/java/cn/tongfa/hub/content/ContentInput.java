package cn.tongfa.hub.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ContentCheck} looks at: the item's text fields as the editor sent them.
 *
 * @param title                the title
 * @param summary              the summary (内容概述), or null
 * @param bodyHtml             the body as HTML, before sanitising
 * @param channels             the channels the item goes to ({@code portal}, {@code disclosure}, {@code wechat},
 *                             {@code weibo})
 * @param overrides            per-channel overrides, e.g. {@code {"weibo":{"text":"…"},"wechat":{"digest":"…"}}}
 * @param personalDataReviewed the editor ticked "已审查个人信息": personal data found is then a warning only
 * @param portalLinkLength     the length of the item's portal link, which the Weibo post carries after the
 *                             editor's text; {@link #TYPICAL_PORTAL_LINK_LENGTH} when not known yet
 * @param attachments          the text of the item's attachments, in the item's order; scanned for personal data
 *                             and sensitive words like the body
 */
public record ContentInput(String title, String summary, String bodyHtml, List<String> channels,
        Map<String, Map<String, String>> overrides, boolean personalDataReviewed, int portalLinkLength,
        List<AttachmentText> attachments) {

    /** A portal link such as {@code https://www.example.gov.cn/zwgk/202603/t20260301_abcdef.html}, rounded up. */
    public static final int TYPICAL_PORTAL_LINK_LENGTH = 60;

    public ContentInput {
        if (portalLinkLength < 0) {
            throw new IllegalArgumentException("portalLinkLength must not be negative, was " + portalLinkLength);
        }
        channels = channels == null ? List.of() : List.copyOf(channels);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (overrides != null) {
            overrides.forEach((channel, fields) -> {
                if (channel == null) {
                    return;
                }
                Map<String, String> kept = new LinkedHashMap<>();
                if (fields != null) {
                    fields.forEach((key, value) -> {
                        if (key != null && value != null) {
                            kept.put(key, value);
                        }
                    });
                }
                copy.put(channel, Map.copyOf(kept));
            });
        }
        overrides = Map.copyOf(copy);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An item without attachments. */
    public ContentInput(String title, String summary, String bodyHtml, List<String> channels,
            Map<String, Map<String, String>> overrides, boolean personalDataReviewed, int portalLinkLength) {
        this(title, summary, bodyHtml, channels, overrides, personalDataReviewed, portalLinkLength, List.of());
    }

    /** The same input with the attachments' text. */
    public ContentInput withAttachments(List<AttachmentText> texts) {
        return new ContentInput(title, summary, bodyHtml, channels, overrides, personalDataReviewed,
                portalLinkLength, texts);
    }

    /** The override's value, or null when the editor set none. */
    public String override(String channel, String field) {
        Map<String, String> fields = overrides.get(channel);
        return fields == null ? null : fields.get(field);
    }
}
