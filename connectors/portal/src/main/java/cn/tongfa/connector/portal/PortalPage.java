package cn.tongfa.connector.portal;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The portal's form of an item: one static HTML5 page. The page carries the item id and version in
 * {@code <meta name="tongfa:…">} tags, which is how {@link PortalConnector#lookup} and the sandbox recognise it.
 */
public final class PortalPage {

    /** Name of the meta tag holding the item id. */
    public static final String ITEM_ID_META = "tongfa:item-id";
    /** Name of the meta tag holding the item version. */
    public static final String VERSION_META = "tongfa:version";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final Pattern META = Pattern.compile(
            "<meta\\s+name=\"(tongfa:[a-z-]+)\"\\s+content=\"([^\"]*)\"\\s*/?>");

    private final String itemId;
    private final int version;
    private final String html;

    private PortalPage(String itemId, int version, String html) {
        this.itemId = itemId;
        this.version = version;
        this.html = html;
    }

    /** Renders the page of the event's item at the event's version. */
    public static PortalPage of(ItemEvent event) {
        ItemSnapshot item = event.item();
        StringBuilder out = new StringBuilder(4096 + length(item.bodyHtml()));
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"").append(ITEM_ID_META).append("\" content=\"").append(escape(event.itemId()))
                .append("\">\n")
                .append("<meta name=\"").append(VERSION_META).append("\" content=\"").append(event.version())
                .append("\">\n");
        if (item.summary() != null) {
            out.append("<meta name=\"description\" content=\"").append(escape(item.summary())).append("\">\n");
        }
        out.append("<title>").append(escape(item.title())).append("</title>\n")
                .append("</head>\n<body>\n<article class=\"tongfa-item\">\n")
                .append("<h1>").append(escape(item.title())).append("</h1>\n")
                .append("<table class=\"tongfa-meta\">\n<tbody>\n");
        row(out, "索引号", item.indexNo());
        row(out, "发布机构", item.publisher());
        row(out, "主题分类", item.category());
        row(out, "文号", item.docNumber());
        row(out, "成文日期", item.writtenOn() == null ? null : DATE.format(item.writtenOn()));
        row(out, "发布日期", item.publishedAt() == null ? null : DATE.format(item.publishedAt()));
        out.append("</tbody>\n</table>\n")
                .append("<div class=\"tongfa-body\">\n")
                .append(item.bodyHtml() == null ? "" : item.bodyHtml())
                .append("\n</div>\n");
        if (!item.attachments().isEmpty()) {
            out.append("<section class=\"tongfa-attachments\">\n<h2>附件</h2>\n<ul>\n");
            for (ItemSnapshot.Attachment attachment : item.attachments()) {
                out.append("<li><a href=\"").append(escape(safeHref(attachment.url()))).append("\">")
                        .append(escape(attachment.name())).append("</a></li>\n");
            }
            out.append("</ul>\n</section>\n");
        }
        out.append("</article>\n</body>\n</html>\n");
        return new PortalPage(event.itemId(), event.version(), out.toString());
    }

    /** The item id and version a page on disk was written for, read from its meta tags. */
    public static Optional<Stamp> stampOf(String html) {
        String itemId = null;
        OptionalInt version = OptionalInt.empty();
        Matcher matcher = META.matcher(html);
        while (matcher.find()) {
            switch (matcher.group(1)) {
                case ITEM_ID_META -> itemId = matcher.group(2);
                case VERSION_META -> version = parse(matcher.group(2));
                default -> {
                }
            }
            if (itemId != null && version.isPresent()) {
                return Optional.of(new Stamp(itemId, version.getAsInt()));
            }
        }
        return Optional.empty();
    }

    public String itemId() {
        return itemId;
    }

    public int version() {
        return version;
    }

    /** The complete page, UTF-8 text. */
    public String html() {
        return html;
    }

    /** Which item, at which version, a page shows. */
    public record Stamp(String itemId, int version) {
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><th>").append(label).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    // Attachment URLs come from the hub's media store; anything else (javascript:, data:) must not become a link.
    private static String safeHref(String url) {
        if (url == null) {
            return "#";
        }
        String lower = url.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("/") ? url.trim() : "#";
    }

    private static OptionalInt parse(String number) {
        try {
            return OptionalInt.of(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
