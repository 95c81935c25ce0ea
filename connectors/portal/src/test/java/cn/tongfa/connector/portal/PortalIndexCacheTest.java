package cn.tongfa.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a connector keeps of the indexes: used while the file is unchanged, read again when it is not, bounded. */
class PortalIndexCacheTest {

    @TempDir
    Path root;

    private final AtomicLong now = new AtomicLong();

    @Test
    void theKeptIndexIsUsedUntilAnotherWriterChangesTheFile() throws Exception {
        PortalIndexCache cache = new PortalIndexCache(1_000, Duration.ofMinutes(10), now::get);
        PortalLayout layout = layout("demo");
        PortalIndex.Loaded first = cache.current(layout);
        assertThat(first.fromFile()).as("no file yet: rebuilt from the (no) pages").isFalse();
        assertThat(cache.keeps(layout.agencyDir())).isFalse();

        PortalIndex mine = index(3);
        cache.wrote(layout.agencyDir(), new PortalIndex.Loaded(mine.write(layout.indexFile()), mine, true));
        assertThat(cache.current(layout).index()).isSameAs(mine);
        assertThat(cache.current(layout).index()).as("not read again").isSameAs(mine);

        // Another process (or connector) writes the file.
        PortalIndex theirs = index(5);
        theirs.write(layout.indexFile());
        PortalIndex.Loaded read = cache.current(layout);
        assertThat(read.index()).isNotSameAs(mine);
        assertThat(read.index().entries()).isEqualTo(theirs.entries());
        assertThat(cache.current(layout)).as("kept once read").isSameAs(read);
    }

    @Test
    void aFileWithoutRevisionIsReadEveryTime() throws Exception {
        PortalIndexCache cache = new PortalIndexCache(1_000, Duration.ofMinutes(10), now::get);
        PortalLayout layout = layout("demo");
        PortalIndex mine = index(2);
        cache.wrote(layout.agencyDir(), new PortalIndex.Loaded(mine.write(layout.indexFile()), mine, true));

        // An earlier version of the connector, in another process, rewrites the file without a revision.
        String earlier = Files.readString(layout.indexFile(), StandardCharsets.UTF_8)
                .replaceFirst("\"revision\":\"[0-9a-f]+\",", "");
        Files.writeString(layout.indexFile(), earlier.replace("\"version\":1", "\"version\":7"),
                StandardCharsets.UTF_8);

        PortalIndex.Loaded read = cache.current(layout);
        assertThat(read.revision()).isNull();
        assertThat(read.fromFile()).isTrue();
        assertThat(read.index().entry("e0")).map(PortalIndex.Entry::version).contains(7);
        assertThat(cache.current(layout)).isNotSameAs(read);
    }

    @Test
    void indexesNotUsedForAWhileOrBeyondTheBoundAreDropped() throws Exception {
        PortalIndexCache cache = new PortalIndexCache(10, Duration.ofMinutes(10), now::get);
        List<PortalLayout> layouts = new ArrayList<>();
        for (String agency : List.of("a", "b", "c")) {
            PortalLayout layout = layout(agency);
            layouts.add(layout);
            PortalIndex index = index(4);
            now.addAndGet(Duration.ofMinutes(1).toNanos());
            cache.wrote(layout.agencyDir(), new PortalIndex.Loaded(index.write(layout.indexFile()), index, true));
        }
        // 12 entries over a bound of 10: the least recently used agency went.
        assertThat(cache.keeps(layouts.get(0).agencyDir())).isFalse();
        assertThat(cache.keeps(layouts.get(1).agencyDir())).isTrue();
        assertThat(cache.keeps(layouts.get(2).agencyDir())).isTrue();

        // Read again when used, which drops b, now the least recently used.
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(cache.current(layouts.get(0)).index().entries()).hasSize(4);
        assertThat(cache.keeps(layouts.get(0).agencyDir())).isTrue();
        assertThat(cache.keeps(layouts.get(1).agencyDir())).isFalse();

        // c is idle for longer than ten minutes by the time a is written again.
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        PortalIndex bigger = index(20);
        cache.wrote(layouts.get(0).agencyDir(), new PortalIndex.Loaded(bigger.write(layouts.get(0).indexFile()),
                bigger, true));
        assertThat(cache.keeps(layouts.get(2).agencyDir())).isFalse();
        assertThat(cache.keeps(layouts.get(0).agencyDir())).as("the one in use stays, however large").isTrue();
    }

    @Test
    void aFailedGroupMakesTheListsUnknownUntilTheNextWrite() throws Exception {
        PortalIndexCache cache = new PortalIndexCache(1_000, Duration.ofMinutes(10), now::get);
        PortalLayout layout = layout("demo");
        assertThat(cache.listsUnknown(layout.agencyDir())).isFalse();

        cache.failed(layout.agencyDir());
        assertThat(cache.listsUnknown(layout.agencyDir())).isTrue();
        cache.current(layout);
        assertThat(cache.listsUnknown(layout.agencyDir())).as("reading does not tell").isTrue();

        PortalIndex index = index(1);
        cache.wrote(layout.agencyDir(), new PortalIndex.Loaded(index.write(layout.indexFile()), index, true));
        assertThat(cache.listsUnknown(layout.agencyDir())).isFalse();
    }

    private PortalLayout layout(String agency) throws Exception {
        PortalLayout layout = new PortalLayout(root, agency, "/");
        Files.createDirectories(layout.agencyDir());
        return layout;
    }

    private static PortalIndex index(int entries) {
        List<PortalIndex.Entry> list = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            list.add(new PortalIndex.Entry("e" + i, 1, "标题" + i, null, "demo/202611/e" + i + ".html", "政策法规",
                    "2026-11-21T09:30:0" + (i % 10) + "+08:00", null));
        }
        return PortalIndex.of(list);
    }
}
