package cn.tongfa.connector.portal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.MinimalPrettyPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an agency's lists, feeds and sitemap are built from: one entry per item on the portal, newest first, kept
 * in {@code {agency}/.tongfa-portal.json} and replaced atomically after the pages. A restarted connector (or another
 * worker process) reads it back; when it is missing or unreadable it is rebuilt from the item pages' meta tags.
 *
 * <p>An index is immutable: a group of deliveries is applied in one pass ({@link Changes}), giving a new index.
 * Each write of the file carries a new random {@code revision}, written first, so that a connector keeping the
 * index in memory can tell by reading the file's first bytes whether it is still the file's content.
 */
final class PortalIndex {

    private static final Logger log = LoggerFactory.getLogger(PortalIndex.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final Pattern REVISION = Pattern.compile("\\A\\s*\\{\\s*\"revision\"\\s*:\\s*\"([0-9a-f]{16})\"");
    // Enough for the revision as it is written, with room for other spacing (earlier versions pretty-printed).
    private static final int REVISION_PREFIX = 128;

    /** Newest publication first; the item id breaks ties so that the order never depends on arrival. */
    static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::publishedInstant).reversed()
            .thenComparing(Entry::itemId, Comparator.reverseOrder());

    private final List<Entry> entries;
    private final Map<String, Entry> byId;
    private volatile Map<String, List<Entry>> byColumn;
    private volatile Set<String> files;

    private PortalIndex(List<Entry> sorted) {
        this.entries = Collections.unmodifiableList(sorted);
        this.byId = new HashMap<>(sorted.size() * 4 / 3 + 1);
        for (Entry entry : sorted) {
            byId.putIfAbsent(entry.itemId(), entry);
        }
    }

    /** The index of the given entries, in any order. */
    static PortalIndex of(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries == null ? List.of() : entries);
        sorted.sort(NEWEST_FIRST);
        return new PortalIndex(sorted);
    }

    /**
     * One item on the portal. Its times are parsed and formatted for display once, when the entry is made or
     * read; only the first nine components are written to the file.
     *
     * @param itemId           the item's id
     * @param version          the version its page shows
     * @param title            名称
     * @param summary          内容概述, may be null
     * @param path             the page's path relative to the portal root
     * @param column           the column (主题分类) it is listed in, may be null
     * @param publishedAt      first publication, ISO date-time with offset
     * @param updatedAt        when the page was last written for a publish or update, ISO date-time with offset
     * @param files            the page's copied files, names under {@code {agency}/files/} (see {@link PortalFiles})
     * @param publishedInstant {@code publishedAt} as an instant, the epoch when it does not parse (the sort key)
     * @param updated          {@code updatedAt} (or {@code publishedAt} when there is none) parsed, null when it
     *                         does not parse
     * @param publishedOn      the publication date as lists show it ({@code yyyy-MM-dd}), null when unparsable
     * @param pubDate          the publication time as RSS shows it (RFC 1123), null when unparsable
     * @param lastmod          {@code updated} as the sitemap shows it (W3C date-time), null when unparsable
     */
    record Entry(String itemId, int version, String title, String summary, String path, String column,
            String publishedAt, String updatedAt, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> files,
            @JsonIgnore Instant publishedInstant, @JsonIgnore OffsetDateTime updated, @JsonIgnore String publishedOn,
            @JsonIgnore String pubDate, @JsonIgnore String lastmod) {

        /** An entry of a page without copied files. */
        Entry(String itemId, int version, String title, String summary, String path, String column,
                String publishedAt, String updatedAt) {
            this(itemId, version, title, summary, path, column, publishedAt, updatedAt, List.of());
        }

        // Files written by a version before copied files have none: the property is left out when empty.
        @JsonCreator
        Entry(@JsonProperty("itemId") String itemId, @JsonProperty("version") int version,
                @JsonProperty("title") String title, @JsonProperty("summary") String summary,
                @JsonProperty("path") String path, @JsonProperty("column") String column,
                @JsonProperty("publishedAt") String publishedAt, @JsonProperty("updatedAt") String updatedAt,
                @JsonProperty("files") List<String> files) {
            this(itemId, version, title, summary, path, column, publishedAt, updatedAt,
                    files == null || files.isEmpty() ? List.of() : List.copyOf(files), parseOffset(publishedAt));
        }

        private Entry(String itemId, int version, String title, String summary, String path, String column,
                String publishedAt, String updatedAt, List<String> files, OffsetDateTime published) {
            this(itemId, version, title, summary, path, column, publishedAt, updatedAt, files, published,
                    updatedAt == null || updatedAt.equals(publishedAt) ? published : parseOffset(updatedAt));
        }

        private Entry(String itemId, int version, String title, String summary, String path, String column,
                String publishedAt, String updatedAt, List<String> files, OffsetDateTime published,
                OffsetDateTime updated) {
            this(itemId, version, title, summary, path, column, publishedAt, updatedAt, files,
                    published == null ? Instant.EPOCH : published.toInstant(), updated,
                    published == null ? null : DATE.format(published),
                    published == null ? null : DateTimeFormatter.RFC_1123_DATE_TIME.format(published),
                    updated == null ? null : W3C.format(updated));
        }
    }

    /** The entries, newest first. */
    List<Entry> entries() {
        return entries;
    }

    Optional<Entry> entry(String itemId) {
        return Optional.ofNullable(byId.get(itemId));
    }

    /** The entries of a column, newest first. */
    List<Entry> inColumn(String column) {
        return byColumn().getOrDefault(column, List.of());
    }

    /** The names of the columns that have entries. */
    Set<String> columnNames() {
        return byColumn().keySet();
    }

    /**
     * Every file a page of the agency references. Computed at the first use (a group that released files), in one
     * pass; two threads computing it at once compute the same.
     */
    Set<String> files() {
        Set<String> referenced = files;
        if (referenced == null) {
            Set<String> all = new HashSet<>();
            for (Entry entry : entries) {
                all.addAll(entry.files());
            }
            referenced = Collections.unmodifiableSet(all);
            files = referenced;
        }
        return referenced;
    }

    // Computed at the first use, in one pass; two threads computing it at once compute the same.
    private Map<String, List<Entry>> byColumn() {
        Map<String, List<Entry>> columns = byColumn;
        if (columns == null) {
            Map<String, List<Entry>> grouped = new LinkedHashMap<>();
            for (Entry entry : entries) {
                if (entry.column() != null) {
                    grouped.computeIfAbsent(entry.column(), name -> new ArrayList<>()).add(entry);
                }
            }
            grouped.replaceAll((name, list) -> Collections.unmodifiableList(list));
            columns = Collections.unmodifiableMap(grouped);
            byColumn = columns;
        }
        return columns;
    }

    /** A group of changes to this index, to be applied together. */
    Changes changes() {
        return new Changes();
    }

    /**
     * Entries replaced or removed by a group of deliveries. Look-ups see the group's changes so far, so that a
     * second delivery of the same item in one group is checked against the first.
     */
    final class Changes {

        // Item id to its new entry, or to null when it is removed.
        private final Map<String, Entry> changed = new LinkedHashMap<>();

        Optional<Entry> entry(String itemId) {
            return changed.containsKey(itemId) ? Optional.ofNullable(changed.get(itemId))
                    : PortalIndex.this.entry(itemId);
        }

        /** Lists {@code entry}, replacing the item's entry if it has one. */
        void put(Entry entry) {
            changed.put(entry.itemId(), entry);
        }

        void remove(String itemId) {
            changed.put(itemId, null);
        }

        /**
         * The index with every change applied: one pass drops the changed items' old entries, and the new ones,
         * sorted among themselves, are merged in. O(N + G log G) for N entries and G changes.
         */
        PortalIndex apply() {
            if (changed.isEmpty()) {
                return PortalIndex.this;
            }
            List<Entry> added = new ArrayList<>(changed.size());
            for (Entry entry : changed.values()) {
                if (entry != null) {
                    added.add(entry);
                }
            }
            added.sort(NEWEST_FIRST);
            List<Entry> merged = new ArrayList<>(entries.size() + added.size());
            int next = 0;
            for (Entry kept : entries) {
                if (changed.containsKey(kept.itemId())) {
                    continue;
                }
                while (next < added.size() && NEWEST_FIRST.compare(added.get(next), kept) < 0) {
                    merged.add(added.get(next++));
                }
                merged.add(kept);
            }
            merged.addAll(added.subList(next, added.size()));
            return new PortalIndex(merged);
        }
    }

    /**
     * An index as read from its file or written to it.
     *
     * @param revision the file's revision, null when it has none (written by an earlier version) or the index was
     *                 rebuilt from the pages
     * @param fromFile whether it was read from (or written to) the file, rather than rebuilt from the pages
     */
    record Loaded(String revision, PortalIndex index, boolean fromFile) {
    }

    // The file's form: the revision first, so that it can be read without the rest.
    @JsonPropertyOrder({"revision", "entries"})
    private record IndexFile(String revision, List<Entry> entries) {
    }

    /** Writes the index under a new revision and answers the revision. */
    String write(Path file) throws IOException {
        String revision = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        AtomicFiles.write(file, JSON.writer().with(new EntryPerLine()).writeValueAsBytes(new IndexFile(revision, entries)));
        return revision;
    }

    /**
     * Writes the index one entry per line: still readable, at a fraction of the default pretty printer's cost,
     * which indented every field and was more than half of the portal's CPU time per group at some thousand items.
     */
    private static final class EntryPerLine extends MinimalPrettyPrinter {

        @Override
        public void beforeArrayValues(JsonGenerator g) {
            g.writeRaw('\n');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) {
            g.writeRaw(",\n");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) {
            g.writeRaw(nrOfValues > 0 ? "\n]" : "]");
        }
    }

    /**
     * The revision at the start of the index file: null when the file is missing, was written without one (by an
     * earlier version of the connector) or does not start as this connector writes it.
     */
    static String revisionOf(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(REVISION_PREFIX);
        } catch (NoSuchFileException e) {
            return null;
        }
        Matcher matcher = REVISION.matcher(new String(head, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * The agency's index from its file, or rebuilt from the pages under the agency's directory when the file is
     * missing or unreadable.
     */
    static Loaded read(PortalLayout layout) throws IOException {
        Path file = layout.indexFile();
        try {
            IndexFile read = JSON.readValue(Files.readAllBytes(file), IndexFile.class);
            if (read == null) {
                log.warn("Portal list index {} is empty; rebuilding it from the pages", file);
                return new Loaded(null, rebuild(layout), false);
            }
            return new Loaded(read.revision(), of(read.entries()), true);
        } catch (NoSuchFileException e) {
            return new Loaded(null, rebuild(layout), false);
        } catch (JacksonException e) {
            log.warn("Portal list index {} is unreadable ({}); rebuilding it from the pages", file, e.getMessage());
            return new Loaded(null, rebuild(layout), false);
        }
    }

    /** Reads every item page under the agency's directory back into entries. */
    static PortalIndex rebuild(PortalLayout layout) throws IOException {
        Path dir = layout.agencyDir();
        if (!Files.isDirectory(dir)) {
            return of(List.of());
        }
        List<Entry> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".html")).toList()) {
                String html;
                try {
                    html = Files.readString(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    continue;
                }
                Map<String, String> meta = PortalPage.metaOf(html);
                Optional<PortalPage.Stamp> stamp = PortalPage.stampOf(html);
                if (stamp.isEmpty()) {
                    continue;
                }
                String modified = OffsetDateTime.ofInstant(Files.getLastModifiedTime(file).toInstant(),
                        ZoneOffset.UTC).toString();
                String published = meta.getOrDefault(PortalPage.PUBLISHED_META, modified);
                found.add(new Entry(stamp.get().itemId(), stamp.get().version(),
                        meta.getOrDefault(PortalPage.TITLE_META, stamp.get().itemId()),
                        meta.get(PortalPage.SUMMARY_META),
                        layout.root().relativize(file).toString().replace('\\', '/'),
                        meta.get(PortalPage.COLUMN_META), published,
                        meta.getOrDefault(PortalPage.UPDATED_META, published),
                        PortalFiles.parseNames(meta.get(PortalPage.FILES_META))));
            }
        }
        log.info("Rebuilt the portal list index of {} from {} pages", layout.agency(), found.size());
        return of(found);
    }

    private static OffsetDateTime parseOffset(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
