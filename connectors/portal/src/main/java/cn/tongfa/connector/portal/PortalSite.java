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

    /**
     * Writes a list: {@code index.html} shows the newest page-size entries with the total and links to every
     * page; the archive pages {@code index_1.html} … {@code index_K.html} hold fixed blocks in publication order
     * ({@code index_1.html} the oldest page-size entries, {@code index_K.html} the newest full block, K = N ÷
     * page-size rounded down), each newest first, and show nothing that a newer item changes. So a group that only
     * adds items rewrites {@code index.html}, plus one new archive page whenever a block fills; a withdrawal or a
     * column move rewrites the blocks after the entry that left.
     */
    private void writeLists(String slug, String heading, List<PortalIndex.Entry> before,
            List<PortalIndex.Entry> entries, List<Column> columns) throws IOException, PortalTemplates.Problem {
        int size = settings.pageSize();
        int archived = entries.size() / size;
        int archivedBefore = before == null ? -1 : before.size() / size;
        List<Map<String, Object>> columnLinks = columns.stream()
                .map(column -> Map.<String, Object>of("name", column.name(), "url", layout.listUrl(column.slug(), 0),
                        "current", column.slug().equals(slug)))
                .toList();
        String newestUrl = layout.listUrl(slug, 0);
        String oldestUrl = layout.listUrl(slug, archived > 0 ? 1 : 0);

        // The front page shows the total: it changes with every group that adds or removes an entry.
        List<PortalIndex.Entry> front = entries.subList(0, Math.min(entries.size(), size));
        Path frontFile = layout.listDir(slug).resolve(PortalLayout.listFileName(0));
        if (before == null || before.size() != entries.size()
                || !front.equals(before.subList(0, front.size())) || !Files.exists(frontFile)) {
            Map<String, Object> model = listModel(slug, heading, columnLinks, front);
            model.put("newest", true);
            model.put("total", entries.size());
            model.put("pageNumber", 1);
            model.put("pageCount", archived + 1);
            model.put("firstUrl", newestUrl);
            model.put("lastUrl", oldestUrl);
            model.put("nextUrl", archived > 0 ? layout.listUrl(slug, archived) : null);
            model.put("pages", new PageLinks(layout, slug, archived));
            write(frontFile, templates.render(PortalTemplates.LIST, model), before != null);
        }

        for (int block = 1; block <= archived; block++) {
            List<PortalIndex.Entry> entriesOf = block(entries, block, size);
            Path file = layout.listDir(slug).resolve(PortalLayout.listFileName(block));
            // A block's page links to the newer block, or to index.html when it is the newest: it stays as it is
            // while its entries and that link do.
            if (block <= archivedBefore && (block == archived) == (block == archivedBefore)
                    && entriesOf.equals(block(before, block, size)) && Files.exists(file)) {
                continue;
            }
            Map<String, Object> model = listModel(slug, heading, columnLinks, entriesOf);
            model.put("archive", true);
            model.put("fromDate", entriesOf.get(entriesOf.size() - 1).publishedOn());
            model.put("toDate", entriesOf.get(0).publishedOn());
            model.put("firstUrl", newestUrl);
            model.put("lastUrl", oldestUrl);
            model.put("previousUrl", block == archived ? newestUrl : layout.listUrl(slug, block + 1));
            model.put("nextUrl", block > 1 ? layout.listUrl(slug, block - 1) : null);
            write(file, templates.render(PortalTemplates.LIST, model), before != null);
        }
        // Pages past the last are left only when the list was longer, or when what is on disk is unknown.
        if (before == null || archivedBefore > archived) {
            removeBeyond(layout.listDir(slug), EXTRA_PAGE, archived);
        }
    }

    /** Block {@code number} (from 1, the oldest) of a list held newest first: its entries, newest first. */
    private static List<PortalIndex.Entry> block(List<PortalIndex.Entry> newestFirst, int number, int size) {
        int end = newestFirst.size() - (number - 1) * size;
        return newestFirst.subList(end - size, end);
    }

    private Map<String, Object> listModel(String slug, String heading, List<Map<String, Object>> columnLinks,
            List<PortalIndex.Entry> shown) {
        Map<String, Object> model = new HashMap<>();
        model.put("heading", heading);
        model.put("publisher", publisher);
        model.put("columnName", slug == null ? null : heading);
        model.put("agencyListUrl", layout.listUrl(null, 0));
        model.put("rssUrl", layout.rssUrl(slug));
        model.put("columns", columnLinks);
        model.put("entries", shown.stream().map(this::entryModel).toList());
        return model;
    }

    /**
     * The links to every page of a list from its front page, newest first: {@code index.html}, then the archive
     * pages from the newest block to the oldest. Made as the template reads them, so a template that does not
     * list them costs nothing.
     */
    private static final class PageLinks extends AbstractList<Map<String, Object>> {

        private final PortalLayout layout;
        private final String slug;
        private final int archived;

        PageLinks(PortalLayout layout, String slug, int archived) {
            this.layout = layout;
            this.slug = slug;
            this.archived = archived;
        }

        @Override
        public Map<String, Object> get(int position) {
            int file = position == 0 ? 0 : archived + 1 - position;
            return Map.of("number", position + 1, "url", layout.listUrl(slug, file), "current", position == 0);
        }

        @Override
        public int size() {
            return archived + 1;
        }
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
