package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an agency's lists, feeds and sitemap are built from: one entry per item on the portal, kept in
 * {@code {agency}/.tongfa-portal.json} and replaced atomically after the pages. A restarted connector (or another
 * worker process) reads it back; when it is missing or unreadable it is rebuilt from the item pages' meta tags.
 *
 * @param entries the agency's items, newest first
 */
record PortalIndex(List<Entry> entries) {

    private static final Logger log = LoggerFactory.getLogger(PortalIndex.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Newest publication first; the item id breaks ties so that the order never depends on arrival. */
    private static final Comparator<Keyed> NEWEST_FIRST = Comparator.comparing(Keyed::published).reversed()
            .thenComparing(keyed -> keyed.entry().itemId(), Comparator.reverseOrder());

    PortalIndex {
        // Each time is parsed once, not once per comparison: the index is re-sorted on every delivery.
        entries = entries == null ? List.of()
                : entries.stream().map(entry -> new Keyed(entry.publishedInstant(), entry)).sorted(NEWEST_FIRST)
                        .map(Keyed::entry).toList();
    }

    private record Keyed(Instant published, Entry entry) {
    }

    /**
     * One item on the portal.
     *
     * @param itemId      the item's id
     * @param version     the version its page shows
     * @param title       名称
     * @param summary     内容概述, may be null
     * @param path        the page's path relative to the portal root
     * @param column      the column (主题分类) it is listed in, may be null
     * @param publishedAt first publication, ISO date-time with offset
     * @param updatedAt   when the page was last written for a publish or update, ISO date-time with offset
     */
    record Entry(String itemId, int version, String title, String summary, String path, String column,
            String publishedAt, String updatedAt) {

        Instant publishedInstant() {
            return parse(publishedAt);
        }

        OffsetDateTime published() {
            return parseOffset(publishedAt);
        }

        OffsetDateTime updated() {
            return parseOffset(updatedAt == null ? publishedAt : updatedAt);
        }
    }

    Optional<Entry> entry(String itemId) {
        return entries.stream().filter(entry -> entry.itemId().equals(itemId)).findFirst();
    }

    /** This index with the item's entry replaced by {@code entry}. */
    PortalIndex with(Entry entry) {
        List<Entry> next = new ArrayList<>(entries.size() + 1);
        entries.stream().filter(e -> !e.itemId().equals(entry.itemId())).forEach(next::add);
        next.add(entry);
        return new PortalIndex(next);
    }

    /** This index without the item. */
    PortalIndex without(String itemId) {
        return new PortalIndex(entries.stream().filter(e -> !e.itemId().equals(itemId)).toList());
    }

    List<Entry> inColumn(String column) {
        return entries.stream().filter(entry -> column.equals(entry.column())).toList();
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    /**
     * The agency's index from its file, or rebuilt from the pages under the agency's directory when the file is
     * missing or unreadable.
     */
    static PortalIndex load(PortalLayout layout) throws IOException {
        Path file = layout.indexFile();
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), PortalIndex.class);
        } catch (NoSuchFileException e) {
            return rebuild(layout);
        } catch (JacksonException e) {
            log.warn("Portal list index {} is unreadable ({}); rebuilding it from the pages", file, e.getMessage());
            return rebuild(layout);
        }
    }

    /** Reads every item page under the agency's directory back into entries. */
    static PortalIndex rebuild(PortalLayout layout) throws IOException {
        Path dir = layout.agencyDir();
        if (!Files.isDirectory(dir)) {
            return new PortalIndex(List.of());
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
                        meta.getOrDefault(PortalPage.UPDATED_META, published)));
            }
        }
        log.info("Rebuilt the portal list index of {} from {} pages", layout.agency(), found.size());
        return new PortalIndex(found);
    }

    private static Instant parse(String text) {
        OffsetDateTime time = parseOffset(text);
        return time == null ? Instant.EPOCH : time.toInstant();
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
