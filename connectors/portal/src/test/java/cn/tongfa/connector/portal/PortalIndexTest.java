package cn.tongfa.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** The index: one-pass application of a group of changes, parsed times, and the file read both ways. */
class PortalIndexTest {

    @TempDir
    Path root;

    @Test
    void aGroupIsMergedInNewestFirstWithTiesBrokenByItemId() {
        PortalIndex index = PortalIndex.of(List.of(entry("b", 1, "col", 10), entry("d", 1, "col", 10),
                entry("a", 1, "col", 20), entry("z", 1, "col", 5)));
        assertThat(ids(index)).containsExactly("a", "d", "b", "z");

        PortalIndex.Changes changes = index.changes();
        changes.put(entry("c", 1, "col", 10));
        changes.put(entry("e", 1, "col", 10));
        changes.put(entry("y", 1, "col", 30));
        changes.put(entry("x", 1, "col", 1));
        PortalIndex next = changes.apply();

        // Same second: the greater id first, wherever it came from.
        assertThat(ids(next)).containsExactly("y", "a", "e", "d", "c", "b", "z", "x");
        assertThat(ids(index)).as("an index does not change").containsExactly("a", "d", "b", "z");
    }

    @Test
    void aReplacedEntryTakesItsNewPlaceAndAWithdrawnOneGoes() {
        PortalIndex index = PortalIndex.of(List.of(entry("a", 1, "政策法规", 1), entry("b", 1, "政策法规", 2),
                entry("c", 1, "业务工作", 3)));

        PortalIndex.Changes changes = index.changes();
        changes.put(new PortalIndex.Entry("a", 2, "新标题", null, "p/a.html", "业务工作", time(5), time(6)));
        changes.remove("c");
        changes.remove("unknown");
        PortalIndex next = changes.apply();

        assertThat(ids(next)).containsExactly("a", "b");
        assertThat(next.entry("a")).hasValueSatisfying(entry -> {
            assertThat(entry.version()).isEqualTo(2);
            assertThat(entry.title()).isEqualTo("新标题");
        });
        assertThat(next.entry("c")).isEmpty();
        assertThat(ids(next.inColumn("政策法规"))).containsExactly("b");
        assertThat(ids(next.inColumn("业务工作"))).containsExactly("a");
        assertThat(next.columnNames()).containsExactlyInAnyOrder("政策法规", "业务工作");
        assertThat(ids(index.inColumn("政策法规"))).containsExactly("b", "a");
    }

    @Test
    void aGroupSeesItsOwnChangesAndTheLastChangeOfAnItemWins() {
        PortalIndex index = PortalIndex.of(List.of(entry("a", 1, "col", 1)));
        PortalIndex.Changes changes = index.changes();

        changes.put(entry("b", 1, "col", 2));
        assertThat(changes.entry("b")).map(PortalIndex.Entry::version).contains(1);
        changes.put(entry("b", 2, "other", 2));
        changes.remove("a");
        assertThat(changes.entry("a")).isEmpty();
        assertThat(index.entry("a")).isPresent();
        changes.put(entry("a", 3, "col", 1));

        PortalIndex next = changes.apply();
        assertThat(ids(next)).containsExactly("b", "a");
        assertThat(next.entry("b")).map(PortalIndex.Entry::column).contains("other");
        assertThat(next.entry("a")).map(PortalIndex.Entry::version).contains(3);
        assertThat(index.changes().apply()).as("no changes, the same index").isSameAs(index);
    }

    @Test
    void applyingAGroupGivesWhatSortingEverythingGives() {
        Random random = new Random(42);
        Map<String, PortalIndex.Entry> all = new HashMap<>();
        PortalIndex index = PortalIndex.of(List.of());
        for (int round = 0; round < 200; round++) {
            PortalIndex.Changes changes = index.changes();
            for (int k = random.nextInt(12); k >= 0; k--) {
                String id = "i" + random.nextInt(300);
                if (random.nextInt(5) == 0) {
                    changes.remove(id);
                    all.remove(id);
                } else {
                    // Few distinct times, so that ties are common.
                    PortalIndex.Entry entry = entry(id, round + 1, "c" + random.nextInt(4), random.nextInt(40));
                    changes.put(entry);
                    all.put(id, entry);
                }
            }
            index = changes.apply();
            assertThat(index.entries()).isEqualTo(PortalIndex.of(new ArrayList<>(all.values())).entries());
        }
        assertThat(index.entries()).hasSizeGreaterThan(100);
    }

    @Test
    void timesAreParsedOnceAndShownAsBefore() {
        PortalIndex.Entry entry = new PortalIndex.Entry("a", 1, "t", null, "p/a.html", null,
                "2026-11-21T09:30:01+08:00", "2026-11-21T10:32:00+08:00");

        assertThat(entry.publishedInstant()).isEqualTo(Instant.parse("2026-11-21T01:30:01Z"));
        assertThat(entry.updated()).isEqualTo(OffsetDateTime.parse("2026-11-21T10:32:00+08:00"));
        assertThat(entry.publishedOn()).isEqualTo("2026-11-21");
        assertThat(entry.pubDate()).isEqualTo("Sat, 21 Nov 2026 09:30:01 +0800");
        assertThat(entry.lastmod()).isEqualTo("2026-11-21T10:32:00+08:00");

        PortalIndex.Entry unchanged = new PortalIndex.Entry("b", 1, "t", null, "p/b.html", null,
                "2026-11-21T09:30:01Z", null);
        assertThat(unchanged.updated()).isEqualTo(OffsetDateTime.parse("2026-11-21T09:30:01Z"));
        assertThat(unchanged.lastmod()).isEqualTo("2026-11-21T09:30:01Z");

        PortalIndex.Entry broken = new PortalIndex.Entry("c", 1, "t", null, "p/c.html", null, "gestern", "heute");
        assertThat(broken.publishedInstant()).isEqualTo(Instant.EPOCH);
        assertThat(broken.updated()).isNull();
        assertThat(broken.publishedOn()).isNull();
        assertThat(broken.pubDate()).isNull();
        assertThat(broken.lastmod()).isNull();
        assertThat(ids(PortalIndex.of(List.of(broken, unchanged)))).containsExactly("b", "c");
    }

    @Test
    void aFileWrittenByTheEarlierVersionLoads() throws Exception {
        PortalLayout layout = new PortalLayout(root, "demo", "/");
        Files.createDirectories(layout.agencyDir());
        // As the connector wrote it before the file had a revision.
        Files.writeString(layout.indexFile(), """
                {
                  "entries" : [ {
                    "itemId" : "x2",
                    "version" : 1,
                    "title" : "标题二",
                    "summary" : "摘要",
                    "path" : "demo/202611/t20261121_x2.html",
                    "column" : null,
                    "publishedAt" : "2026-11-21T09:30:02+08:00",
                    "updatedAt" : null
                  }, {
                    "itemId" : "x1",
                    "version" : 2,
                    "title" : "标题<一>",
                    "summary" : null,
                    "path" : "demo/202611/t20261121_x1.html",
                    "column" : "政策法规",
                    "publishedAt" : "2026-11-21T09:30:01+08:00",
                    "updatedAt" : "2026-11-21T10:32:01+08:00"
                  } ]
                }
                """, StandardCharsets.UTF_8);

        PortalIndex.Loaded loaded = PortalIndex.read(layout);

        assertThat(loaded.fromFile()).isTrue();
        assertThat(loaded.revision()).isNull();
        assertThat(PortalIndex.revisionOf(layout.indexFile())).isNull();
        assertThat(ids(loaded.index())).containsExactly("x2", "x1");
        assertThat(loaded.index().entry("x1")).hasValueSatisfying(entry -> {
            assertThat(entry.version()).isEqualTo(2);
            assertThat(entry.column()).isEqualTo("政策法规");
            assertThat(entry.lastmod()).isEqualTo("2026-11-21T10:32:01+08:00");
        });
    }

    @Test
    void theEarlierVersionReadsTheFileAndItsRevisionIsReadFromItsStart() throws Exception {
        PortalLayout layout = new PortalLayout(root, "demo", "/");
        Files.createDirectories(layout.agencyDir());
        PortalIndex index = PortalIndex.of(List.of(entry("a", 1, "政策法规", 1), entry("b", 2, null, 2)));

        String revision = index.write(layout.indexFile());

        String json = Files.readString(layout.indexFile(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"revision\":\"" + revision + "\",\"entries\":[\n{");
        assertThat(json).doesNotContain("publishedInstant", "lastmod", "pubDate", "publishedOn", "\"updated\"");
        assertThat(PortalIndex.revisionOf(layout.indexFile())).isEqualTo(revision);
        // The earlier version's shape of the file, read as it read it (unknown properties are ignored).
        EarlierIndex earlier = JsonMapper.builder().build().readValue(json, EarlierIndex.class);
        assertThat(earlier.entries()).extracting(EarlierEntry::itemId).containsExactly("b", "a");
        assertThat(earlier.entries().get(0)).isEqualTo(new EarlierEntry("b", 2, "b", null, "p/b.html", null,
                time(2), time(2)));

        PortalIndex.Loaded again = PortalIndex.read(layout);
        assertThat(again.revision()).isEqualTo(revision);
        assertThat(again.index().entries()).isEqualTo(index.entries());
        assertThat(index.write(layout.indexFile())).as("every write a new revision").isNotEqualTo(revision);
        assertThat(PortalIndex.revisionOf(root.resolve("missing.json"))).isNull();
    }

    /** The index as the connector wrote and read it before revisions. */
    record EarlierIndex(List<EarlierEntry> entries) {
    }

    record EarlierEntry(String itemId, int version, String title, String summary, String path, String column,
            String publishedAt, String updatedAt) {
    }

    private static PortalIndex.Entry entry(String id, int version, String column, int second) {
        return new PortalIndex.Entry(id, version, id, null, "p/" + id + ".html", column, time(second), time(second));
    }

    private static String time(int second) {
        return OffsetDateTime.parse("2026-11-21T09:30:00+08:00").plusSeconds(second).toString();
    }

    private static List<String> ids(PortalIndex index) {
        return ids(index.entries());
    }

    private static List<String> ids(List<PortalIndex.Entry> entries) {
        return entries.stream().map(PortalIndex.Entry::itemId).toList();
    }
}
