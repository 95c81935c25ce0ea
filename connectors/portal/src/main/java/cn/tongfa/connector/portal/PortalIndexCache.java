package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The agencies' indexes as a connector last read or wrote them, so that a group of deliveries or a look-up does
 * not read and parse the whole index file again. Before an index is used, the revision at the start of its file
 * is compared with the kept one's (a read of the file's first bytes): another process, or another connector in
 * this one, that wrote the file gave it a new revision, and the file is then read again. A file written without a
 * revision (by an earlier version of the connector) is always read again.
 *
 * <p>Bounded: an index not used for {@link #IDLE} is dropped, and when the kept indexes hold more than
 * {@link #MAX_ENTRIES} entries together, the least recently used are dropped until they fit (the one just used is
 * kept, however large). A dropped index is read from its file at its next use.
 */
final class PortalIndexCache {

    /**
     * Entries kept at most over all agencies, except for a single agency larger than this: about 20 MB at
     * roughly 1 KB an entry (a title and a summary of some dozens of characters; PortalThroughput measures it).
     */
    static final int MAX_ENTRIES = 20_000;
    static final Duration IDLE = Duration.ofMinutes(10);

    private final int maxEntries;
    private final long idleNanos;
    private final LongSupplier clock;
    // Slots are never removed, only emptied: they are small, one per agency, and carry listsUnknown.
    private final Map<Path, Slot> slots = new ConcurrentHashMap<>();

    PortalIndexCache() {
        this(MAX_ENTRIES, IDLE, System::nanoTime);
    }

    PortalIndexCache(int maxEntries, Duration idle, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.idleNanos = idle.toNanos();
        this.clock = clock;
    }

    private static final class Slot {
        final AtomicReference<PortalIndex.Loaded> kept = new AtomicReference<>();
        volatile long usedAt;
        volatile boolean listsUnknown;
    }

    /**
     * The agency's index as its file holds it now: the kept one while the file still has its revision, else
     * read from the file (or rebuilt from the pages, see {@link PortalIndex#read}).
     */
    PortalIndex.Loaded current(PortalLayout layout) throws IOException {
        Slot slot = slot(layout.agencyDir());
        PortalIndex.Loaded kept = slot.kept.get();
        if (kept != null && kept.revision().equals(PortalIndex.revisionOf(layout.indexFile()))) {
            return kept;
        }
        PortalIndex.Loaded read = PortalIndex.read(layout);
        // Without a revision it could not be checked next time. A look-up racing a group write may put back an
        // older revision than the group's: the next use then finds the file's revision differs and reads it.
        if (read.revision() != null && slot.kept.compareAndSet(kept, read)) {
            trim(slot);
        }
        return read;
    }

    /** Keeps the index this connector just wrote; the lists on disk were written from it. */
    void wrote(Path agencyDir, PortalIndex.Loaded written) {
        Slot slot = slot(agencyDir);
        slot.kept.set(written);
        slot.listsUnknown = false;
        trim(slot);
    }

    /**
     * A group write failed part way: the list files on disk may show entries that the index file does not, so
     * the next group must compare every list with the disk instead of trusting the index.
     */
    void failed(Path agencyDir) {
        slot(agencyDir).listsUnknown = true;
    }

    /** Whether the lists on disk may differ from what the index file says (see {@link #failed}). */
    boolean listsUnknown(Path agencyDir) {
        Slot slot = slots.get(agencyDir);
        return slot != null && slot.listsUnknown;
    }

    /** Whether an index of the agency is kept in memory. */
    boolean keeps(Path agencyDir) {
        Slot slot = slots.get(agencyDir);
        return slot != null && slot.kept.get() != null;
    }

    private Slot slot(Path agencyDir) {
        Slot slot = slots.computeIfAbsent(agencyDir, dir -> new Slot());
        slot.usedAt = clock.getAsLong();
        return slot;
    }

    // Called when an index was stored: drops the idle ones, then the least recently used beyond the bound.
    private void trim(Slot current) {
        long now = clock.getAsLong();
        List<Use> others = new ArrayList<>();
        long total = size(current.kept.get());
        for (Slot slot : slots.values()) {
            PortalIndex.Loaded index = slot.kept.get();
            if (index == null || slot == current) {
                continue;
            }
            long usedAt = slot.usedAt;
            if (now - usedAt > idleNanos) {
                slot.kept.compareAndSet(index, null);
            } else {
                others.add(new Use(slot, index, usedAt));
                total += size(index);
            }
        }
        others.sort(Comparator.comparingLong(Use::usedAt));
        for (int i = 0; i < others.size() && total > maxEntries; i++) {
            Use use = others.get(i);
            if (use.slot().kept.compareAndSet(use.index(), null)) {
                total -= size(use.index());
            }
        }
    }

    // A kept index as it was when trim looked, so that the sort sees fixed times.
    private record Use(Slot slot, PortalIndex.Loaded index, long usedAt) {
    }

    private static int size(PortalIndex.Loaded index) {
        return index == null ? 0 : index.index().entries().size();
    }
}
