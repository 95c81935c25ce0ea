package cn.tongfa.connector.portal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The portal's form of an item: one static HTML5 page rendered from the agency's {@code page.html}. The page
 * carries the item id, version and what its lists need in {@code <meta name="tongfa:…">} tags, which is how
 * {@link PortalConnector#lookup}, a rebuild of the lists and the sandbox recognise it.
 */
public final class PortalPage {

    /** Name of the meta tag holding the item id. */
    public static final String ITEM_ID_META = "tongfa:item-id";
    /** Name of the meta tag holding the item version. */
    public static final String VERSION_META = "tongfa:version";
    static final String TITLE_META = "tongfa:title";
    static final String SUMMARY_META = "tongfa:summary";
    static final String COLUMN_META = "tongfa:column";
    static final String PUBLISHED_META = "tongfa:published";
    static final String UPDATED_META = "tongfa:updated";
    /** The page's copied files (names under {@code {agency}/files/}, space-separated), for a rebuilt index. */
    static final String FILES_META = "tongfa:files";

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

    /**
     * Renders the page of the event's item at the event's version with the shipped template (a preview): its
     * images and attachments link the hub's copies ({@link ItemSnapshot.Media#url()}), the portal's are made only
     * on delivery.
     */
    public static PortalPage of(ItemEvent event) {
        PortalLayout layout = new PortalLayout(null, event.agency(),
                PortalLayout.baseUrlOf(event.item().portalUrl(), event.item().portalPath()));
        String column = event.item().category();
        try {
            return of(event, PortalTemplates.defaults(), layout,
                    column == null ? null : PortalLayout.defaultSlug(column), event.occurredAt(), null);
        } catch (PortalTemplates.Problem e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Renders the page with the agency's templates, linking back to its column's list.
     *
     * @param copies the page's files in the agency's tree, or null to link the hub's (a preview)
     */
    static PortalPage of(ItemEvent event, PortalTemplates templates, PortalLayout layout, String columnSlug,
            Instant updatedAt, PortalFiles.Copies copies) throws PortalTemplates.Problem {
        ItemSnapshot item = event.item();
        Links links = new Links(layout, item.portalPath(), copies);
        String published = publishedAt(event);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ITEM_ID_META, event.itemId());
        meta.put(VERSION_META, Integer.toString(event.version()));
        meta.put(TITLE_META, item.title());
        meta.put(SUMMARY_META, item.summary());
        meta.put(COLUMN_META, item.category());
        meta.put(PUBLISHED_META, published);
        meta.put(UPDATED_META, updatedAt(published, updatedAt));
        if (copies != null && !copies.byId().isEmpty()) {
            meta.put(FILES_META, String.join(" ", copies.names()));
        }

        Map<String, Object> model = new HashMap<>();
        model.put("tongfaMeta", meta(meta));
        model.put("title", item.title());
        model.put("summary", item.summary());
        model.put("bodyHtml", PortalBody.rewrite(item, links::href));
        model.put("indexNo", item.indexNo());
        model.put("publisher", item.publisher());
        model.put("category", item.category());
        model.put("docType", item.docType());
        model.put("docNumber", item.docNumber());
        model.put("writtenOn", item.writtenOn() == null ? null : DATE.format(item.writtenOn()));
        model.put("publishedOn", item.publishedAt() == null ? null : DATE.format(item.publishedAt()));
        model.put("url", item.portalUrl());
        model.put("agencyListUrl", layout.listUrl(null, 0));
        model.put("agencyRssUrl", layout.rssUrl(null));
        model.put("columnName", columnSlug == null ? null : item.category());
        model.put("columnListUrl", columnSlug == null ? null : layout.listUrl(columnSlug, 0));
        ItemSnapshot.Media cover = item.cover();
        if (cover != null && templates.showsCover()) {
            Map<String, Object> coverModel = new HashMap<>();
            coverModel.put("href", links.href(cover));
            coverModel.put("url", links.url(cover));
            coverModel.put("alt", item.title());
            coverModel.put("width", cover.width());
            coverModel.put("height", cover.height());
            model.put("hasCover", true);
            model.put("cover", coverModel);
        }
        model.put("hasAttachments", !item.attachments().isEmpty());
        model.put("attachments", item.attachments().stream().map(a -> attachment(a, links)).toList());
        return new PortalPage(event.itemId(), event.version(), templates.render(PortalTemplates.PAGE, model));
    }

    private static Map<String, Object> attachment(ItemSnapshot.Media attachment, Links links) {
        Map<String, Object> model = new HashMap<>();
        PortalFiles.Kind kind = PortalFiles.kind(attachment);
        model.put("name", nonNull(attachment.name()).isBlank() ? attachment.id() : attachment.name());
        model.put("href", links.href(attachment));
        model.put("url", links.url(attachment));
        model.put("download", PortalFiles.downloadName(attachment));
        model.put("type", kind.label());
        model.put("contentType", attachment.contentType());
        model.put("size", attachment.size() > 0 ? PortalFiles.humanSize(attachment.size()) : null);
        model.put("bytes", attachment.size());
        model.put("sha256", attachment.sha256());
        return model;
    }

    /**
     * Where a page links its files: relative to the page for the agency's copies (a site moved to another host
     * keeps working), absolute for readers' use elsewhere; the hub's addresses when there are no copies.
     */
    private record Links(PortalLayout layout, String pagePath, PortalFiles.Copies copies) {

        String href(ItemSnapshot.Media media) {
            String name = copies == null ? null : copies.byId().get(media.id());
            return name == null ? safeHref(media.url()) : layout.relativeFileHref(pagePath, name);
        }

        String url(ItemSnapshot.Media media) {
            String name = copies == null ? null : copies.byId().get(media.id());
            return name == null ? safeHref(media.url()) : layout.fileUrl(name);
        }
    }

    /** The first publication time of the event's item, ISO with offset (the event time when the hub sent none). */
    static String publishedAt(ItemEvent event) {
        OffsetDateTime published = event.item().publishedAt() != null ? event.item().publishedAt()
                : OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
        return published.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** When a page was written, ISO with the offset of its publication time. */
    static String updatedAt(String publishedAt, Instant at) {
        return OffsetDateTime.ofInstant(at, OffsetDateTime.parse(publishedAt).getOffset())
                .truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The meta tags for the given names and values (null values left out), escaped. */
    static String meta(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            if (value != null) {
                out.append("<meta name=\"").append(name).append("\" content=\"").append(escape(value))
                        .append("\">\n");
            }
        });
        return out.toString().stripTrailing();
    }

    /** The tongfa meta tags of a page, unescaped. */
    static Map<String, String> metaOf(String html) {
        Map<String, String> values = new HashMap<>();
        Matcher matcher = META.matcher(html);
        while (matcher.find()) {
            values.putIfAbsent(matcher.group(1), unescape(matcher.group(2)));
        }
        return values;
    }

    /** The item id and version a page on disk was written for, read from its meta tags. */
    public static Optional<Stamp> stampOf(String html) {
        Map<String, String> meta = metaOf(html);
        String itemId = meta.get(ITEM_ID_META);
        OptionalInt version = parse(meta.get(VERSION_META));
        if (itemId == null || version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stamp(itemId, version.getAsInt()));
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

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    // Attachment URLs come from the hub's media store; anything else (javascript:, data:) must not become a link.
    private static String safeHref(String url) {
        if (url == null) {
            return "#";
        }
        String lower = url.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("/") ? url.trim() : "#";
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static OptionalInt parse(String number) {
        if (number == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
