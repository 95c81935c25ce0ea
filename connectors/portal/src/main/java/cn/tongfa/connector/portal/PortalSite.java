package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes an agency's list pages (paged, newest first), RSS feeds and sitemap from its {@link PortalIndex}, each
 * file atomically. A file whose content did not change is left alone, so that an update which moves nothing
 * rewrites only what it must.
 */
final class PortalSite {

    /** The sitemaps.org limit of URLs in one sitemap file. */
    static final int SITEMAP_LIMIT = 50_000;

    private static final Pattern EXTRA_PAGE = Pattern.compile("index_(\\d+)\\.html");
    private static final Pattern EXTRA_SITEMAP = Pattern.compile("sitemap_(\\d+)\\.xml");

    private final PortalTemplates templates;
    private final PortalLayout layout;
    private final PortalSettings settings;
    private final String publisher;

    /**
     * @param publisher the agency's name (发布机构), heading its lists and feeds
     */
    PortalSite(PortalTemplates templates, PortalLayout layout, PortalSettings settings, String publisher) {
        this.templates = templates;
        this.layout = layout;
        this.settings = settings;
        this.publisher = publisher == null || publisher.isBlank() ? layout.agency() : publisher;
    }

    /** A column (栏目) with the directory its lists live in. */
    record Column(String name, String slug) {
    }

    /**
     * The directory of a column: the one configured for it, else {@link PortalLayout#defaultSlug}.
     */
    static String slugOf(PortalSettings settings, String agency, String column) {
        if (column == null || column.isBlank()) {
            return null;
        }
        for (PortalSettings.Column configured : settings.agency(agency).columns()) {
            if (column.equals(configured.name()) && PortalLayout.isSafeSlug(configured.slug())) {
                return configured.slug();
            }
        }
        return PortalLayout.defaultSlug(column);
    }

    /** The configured columns in their order, then every other column that has items, by name. */
    List<Column> columns(PortalIndex index) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (PortalSettings.Column configured : settings.agency(layout.agency()).columns()) {
            if (configured.name() != null && !configured.name().isBlank()) {
                columns.putIfAbsent(configured.name(), new Column(configured.name(),
                        slugOf(settings, layout.agency(), configured.name())));
            }
        }
        TreeSet<String> others = new TreeSet<>();
        for (String name : index.columnNames()) {
            if (!name.isBlank() && !columns.containsKey(name)) {
                others.add(name);
            }
        }
        others.forEach(name -> columns.put(name, new Column(name, slugOf(settings, layout.agency(), name))));
        return List.copyOf(columns.values());
    }

    /**
     * Rewrites the agency's lists and feed, the lists and feeds of the given columns (of every column when
     * {@code allColumns}) and the sitemap.
     */
    void write(PortalIndex index, Collection<String> touchedColumns, boolean allColumns) throws IOException,
            PortalTemplates.Problem {
        write(null, index, touchedColumns, allColumns);
    }

    /**
     * As {@link #write(PortalIndex, Collection, boolean)}, knowing what the files on disk show: a list page that
     * shows the same entries in {@code previous} as in {@code index} (and the same page count and columns), a
     * feed showing the same entries and build date, and a sitemap of the same pages and times are neither
     * rendered nor read; a file known to change is written without reading the old one.
     *
     * @param previous the index the files on disk were written from, or null when unknown
     */
    void write(PortalIndex previous, PortalIndex index, Collection<String> touchedColumns, boolean allColumns)
            throws IOException, PortalTemplates.Problem {
        List<Column> columns = columns(index);
        boolean sameColumns = previous != null && columns.equals(columns(previous));
        writeLists(null, publisher, sameColumns ? previous.entries() : null, index.entries(), columns);
        writeFeed(null, publisher, previous == null ? null : previous.entries(), index.entries());
        for (Column column : columns) {
            if (allColumns || touchedColumns.contains(column.name())) {
                List<PortalIndex.Entry> entries = index.inColumn(column.name());
                writeLists(column.slug(), column.name(), sameColumns ? previous.inColumn(column.name()) : null,
                        entries, columns);
                writeFeed(column.slug(), publisher + " - " + column.name(),
                        previous == null ? null : previous.inColumn(column.name()), entries);
            }
        }
        // A column whose last item moved away or was withdrawn is no longer among the columns (unless configured);
        // its list and feed are written empty, rather than left showing that item.
        Set<String> listed = new HashSet<>();
        columns.forEach(column -> listed.add(column.name()));
        for (String name : touchedColumns) {
            if (name != null && !name.isBlank() && !listed.contains(name)) {
                String slug = slugOf(settings, layout.agency(), name);
                writeLists(slug, name, null, List.of(), columns);
                writeFeed(slug, publisher + " - " + name, null, List.of());
            }
        }
        writeSitemap(sameColumns ? previous : null, previous != null, index, columns);
    }

    private void writeLists(String slug, String heading, List<PortalIndex.Entry> before,
            List<PortalIndex.Entry> entries, List<Column> columns) throws IOException, PortalTemplates.Problem {
        int pageSize = settings.pageSize();
        int pageCount = pageCount(entries.size());
        // Every page shows the total, so only a list of the same size can keep pages.
        boolean samePages = before != null && before.size() == entries.size();
        List<Map<String, Object>> columnLinks = columns.stream()
                .map(column -> Map.<String, Object>of("name", column.name(), "url", layout.listUrl(column.slug(), 0),
                        "current", column.slug().equals(slug)))
                .toList();
        List<String> pageUrls = new ArrayList<>(pageCount);
        for (int page = 0; page < pageCount; page++) {
            pageUrls.add(layout.listUrl(slug, page));
        }
        for (int page = 0; page < pageCount; page++) {
            List<PortalIndex.Entry> slice = entries.subList(page * pageSize,
                    Math.min(entries.size(), (page + 1) * pageSize));
            Path file = layout.listDir(slug).resolve(PortalLayout.listFileName(page));
            if (samePages && slice.equals(before.subList(page * pageSize, page * pageSize + slice.size()))
                    && Files.exists(file)) {
                continue;
            }
            Map<String, Object> model = new HashMap<>();
            model.put("heading", heading);
            model.put("publisher", publisher);
            model.put("columnName", slug == null ? null : heading);
            model.put("agencyListUrl", layout.listUrl(null, 0));
            model.put("rssUrl", layout.rssUrl(slug));
            model.put("columns", columnLinks);
            model.put("entries", slice.stream().map(this::entryModel).toList());
            model.put("total", entries.size());
            model.put("pageNumber", page + 1);
            model.put("pageCount", pageCount);
            model.put("firstUrl", pageUrls.get(0));
            model.put("lastUrl", pageUrls.get(pageCount - 1));
            model.put("previousUrl", page > 0 ? pageUrls.get(page - 1) : null);
            model.put("nextUrl", page + 1 < pageCount ? pageUrls.get(page + 1) : null);
            model.put("pages", new PageLinks(pageUrls, page));
            String html = templates.render(PortalTemplates.LIST, model);
            if (before == null) {
                writeIfChanged(file, html);
            } else {
                // Known to differ from the page on disk (its entries or the total changed): no need to read it.
                AtomicFiles.write(file, html);
            }
        }
        // Pages past the last are left only when the list was longer, or when what is on disk is unknown.
        if (before == null || pageCount(before.size()) > pageCount) {
            removeBeyond(layout.listDir(slug), EXTRA_PAGE, pageCount - 1);
        }
    }

    /**
     * The links to every page of a list, from one of them. Made as the template reads them: the shipped template
     * does not, and every page of a list of P pages listing all P would make writing the list O(P²).
     */
    private static final class PageLinks extends AbstractList<Map<String, Object>> {

        private final List<String> urls;
        private final int current;

        PageLinks(List<String> urls, int current) {
            this.urls = urls;
            this.current = current;
        }

        @Override
        public Map<String, Object> get(int page) {
            return Map.of("number", page + 1, "url", urls.get(page), "current", page == current);
        }

        @Override
        public int size() {
            return urls.size();
        }
    }

    private int pageCount(int entries) {
        return Math.max(1, (entries + settings.pageSize() - 1) / settings.pageSize());
    }

    private void writeFeed(String slug, String heading, List<PortalIndex.Entry> before,
            List<PortalIndex.Entry> entries) throws IOException, PortalTemplates.Problem {
        List<PortalIndex.Entry> latest = entries.subList(0, Math.min(entries.size(), settings.feedSize()));
        PortalIndex.Entry newest = newest(entries);
        OffsetDateTime built = newest == null ? OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                : newest.updated();
        Path file = layout.rssFile(slug);
        if (before != null && latest.equals(before.subList(0, Math.min(before.size(), settings.feedSize())))
                && Objects.equals(updated(newest(before)), updated(newest)) && Files.exists(file)) {
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("heading", heading);
        model.put("publisher", publisher);
        model.put("listUrl", layout.listUrl(slug, 0));
        model.put("rssUrl", layout.rssUrl(slug));
        model.put("lastBuildDate", DateTimeFormatter.RFC_1123_DATE_TIME.format(built));
        model.put("entries", latest.stream().map(this::entryModel).toList());
        write(file, templates.render(PortalTemplates.RSS, model), before != null);
    }

    /**
     * @param previous the index the files on disk were written from when its columns were the same, else null
     * @param known    whether the files on disk were written from an index (then a sitemap that differs from
     *                 {@code previous} is written without reading it)
     */
    private void writeSitemap(PortalIndex previous, boolean known, PortalIndex index, List<Column> columns)
            throws IOException, PortalTemplates.Problem {
        if (previous != null && sameSitemap(previous.entries(), index.entries())
                && Files.exists(layout.sitemapFile(0))) {
            return;
        }
        List<Map<String, Object>> urls = new ArrayList<>(index.entries().size() + columns.size() + 1);
        urls.add(url(layout.listUrl(null, 0), newest(index.entries())));
        for (Column column : columns) {
            urls.add(url(layout.listUrl(column.slug(), 0), newest(index.inColumn(column.name()))));
        }
        for (PortalIndex.Entry entry : index.entries()) {
            urls.add(url(layout.url(entry.path()), entry.lastmod()));
        }
        // Parts past the last are left only when there were more, or when what is on disk is unknown.
        boolean fewerParts = previous == null || parts(previous.entries().size() + columns.size() + 1)
                > parts(urls.size());
        if (urls.size() <= SITEMAP_LIMIT) {
            write(layout.sitemapFile(0), templates.render(PortalTemplates.SITEMAP, Map.of("urls", urls)), known);
            if (fewerParts) {
                removeBeyond(layout.agencyDir(), EXTRA_SITEMAP, 0);
            }
            return;
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        int part = 0;
        for (int from = 0; from < urls.size(); from += SITEMAP_LIMIT) {
            part++;
            List<Map<String, Object>> slice = urls.subList(from, Math.min(urls.size(), from + SITEMAP_LIMIT));
            // A part may be the same as before even when others changed.
            writeIfChanged(layout.sitemapFile(part), templates.render(PortalTemplates.SITEMAP, Map.of("urls", slice)));
            String lastmod = slice.stream().map(u -> (String) u.get("lastmod")).filter(Objects::nonNull)
                    .max(String::compareTo).orElse("");
            parts.add(Map.of("loc", layout.sitemapUrl(part), "lastmod", lastmod));
        }
        writeIfChanged(layout.sitemapFile(0),
                templates.render(PortalTemplates.SITEMAP_INDEX, Map.of("sitemaps", parts)));
        if (fewerParts) {
            removeBeyond(layout.agencyDir(), EXTRA_SITEMAP, part);
        }
    }

    private static int parts(int urls) {
        return urls <= SITEMAP_LIMIT ? 0 : (urls + SITEMAP_LIMIT - 1) / SITEMAP_LIMIT;
    }

    // The sitemap shows each entry's page and time, and each column's newest time.
    private static boolean sameSitemap(List<PortalIndex.Entry> before, List<PortalIndex.Entry> entries) {
        if (before.size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            PortalIndex.Entry was = before.get(i);
            PortalIndex.Entry is = entries.get(i);
            if (!Objects.equals(was.path(), is.path()) || !Objects.equals(was.column(), is.column())
                    || !Objects.equals(was.updated(), is.updated())) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> entryModel(PortalIndex.Entry entry) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", entry.title());
        model.put("summary", entry.summary());
        model.put("url", layout.url(entry.path()));
        model.put("columnName", entry.column());
        model.put("publishedOn", entry.publishedOn());
        model.put("pubDate", entry.pubDate());
        model.put("lastmod", entry.lastmod());
        return model;
    }

    private static Map<String, Object> url(String loc, PortalIndex.Entry newest) {
        return url(loc, newest == null ? null : newest.lastmod());
    }

    private static Map<String, Object> url(String loc, String lastmod) {
        Map<String, Object> url = new HashMap<>();
        url.put("loc", loc);
        url.put("lastmod", lastmod);
        return url;
    }

    /** The entry updated last (by {@link OffsetDateTime#compareTo}, the first of equals), null when none is dated. */
    private static PortalIndex.Entry newest(List<PortalIndex.Entry> entries) {
        PortalIndex.Entry newest = null;
        for (PortalIndex.Entry entry : entries) {
            if (entry.updated() != null && (newest == null || entry.updated().compareTo(newest.updated()) > 0)) {
                newest = entry;
            }
        }
        return newest;
    }

    private static OffsetDateTime updated(PortalIndex.Entry entry) {
        return entry == null ? null : entry.updated();
    }

    // A file known to differ from the disk is written without reading it first.
    private static void write(Path file, String text, boolean knownToDiffer) throws IOException {
        if (knownToDiffer) {
            AtomicFiles.write(file, text);
        } else {
            writeIfChanged(file, text);
        }
    }

    private static void writeIfChanged(Path file, String text) throws IOException {
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                return;
            }
        } catch (NoSuchFileException e) {
            // written below
        }
        AtomicFiles.write(file, text);
    }

    // Pages (or sitemap parts) numbered past the last one left over from when there were more items.
    private static void removeBeyond(Path dir, Pattern pattern, int last) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher matcher = pattern.matcher(file.getFileName().toString());
                if (matcher.matches() && Long.parseLong(matcher.group(1)) > last) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
