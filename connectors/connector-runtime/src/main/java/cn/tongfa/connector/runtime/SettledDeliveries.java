package cn.tongfa.connector.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import cn.tongfa.connector.api.DeliveryOutcome;

/**
 * The settled deliveries (DELIVERED, WITHDRAWN) a {@link KafkaDeliveryStateStore} no longer keeps whole: per key
 * a 128-bit digest, the offset of its state record, the outcome and the attempts, about 40 bytes instead of the
 * half kilobyte of the key, the state and its strings. A worker that sees such a delivery's record again (a
 * relay that sent an event twice, a group rewound) still finds it settled and reports it again without calling
 * the channel; only the channel's ref and URL are gone from that second report, and the ledger keeps the ones
 * of the first. Two keys share a digest with a probability of about n²/2¹²⁹: none in any real ledger.
 *
 * <p>An open-addressing table in primitive arrays; not thread-safe (the store guards it).
 */
final class SettledDeliveries {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final DeliveryOutcome[] OUTCOMES = DeliveryOutcome.values();

    /** A compacted settled delivery. */
    record Entry(long offset, DeliveryOutcome outcome, int attempts) {

        /** The state a worker sees: no event id, ref or URL any more. */
        DeliveryState state() {
            return new DeliveryState("", outcome, null, null, attempts, null, null);
        }
    }

    private long[] high = new long[16];
    private long[] low = new long[16];
    private long[] offsets = new long[16];
    /** Outcome ordinal + 1 in the low byte (0: free slot), attempts above it. */
    private int[] meta = new int[16];
    private int size;

    int size() {
        return size;
    }

    Entry get(String key) {
        long[] digest = digest(key);
        int slot = find(digest[0], digest[1]);
        if (meta[slot] == 0) {
            return null;
        }
        return new Entry(offsets[slot], OUTCOMES[(meta[slot] & 0xff) - 1], meta[slot] >>> 8);
    }

    void put(String key, long offset, DeliveryOutcome outcome, int attempts) {
        if ((size + 1) * 4L > high.length * 3L) {
            grow();
        }
        long[] digest = digest(key);
        int slot = find(digest[0], digest[1]);
        if (meta[slot] == 0) {
            size++;
        }
        high[slot] = digest[0];
        low[slot] = digest[1];
        offsets[slot] = offset;
        meta[slot] = (Math.max(0, attempts) << 8) | (outcome.ordinal() + 1);
    }

    void remove(String key) {
        long[] digest = digest(key);
        int slot = find(digest[0], digest[1]);
        if (meta[slot] == 0) {
            return;
        }
        meta[slot] = 0;
        size--;
        // Re-insert the rest of the probe run, so that no key behind the freed slot becomes unreachable.
        int mask = high.length - 1;
        for (int next = (slot + 1) & mask; meta[next] != 0; next = (next + 1) & mask) {
            long h = high[next];
            long l = low[next];
            long o = offsets[next];
            int m = meta[next];
            meta[next] = 0;
            int target = find(h, l);
            high[target] = h;
            low[target] = l;
            offsets[target] = o;
            meta[target] = m;
        }
    }

    /** The slot holding the digest, or the free slot where it belongs. */
    private int find(long h, long l) {
        int mask = high.length - 1;
        int slot = (int) (l ^ (l >>> 32)) & mask;
        while (meta[slot] != 0 && (high[slot] != h || low[slot] != l)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldOffsets = offsets;
        int[] oldMeta = meta;
        int capacity = oldHigh.length * 2;
        high = new long[capacity];
        low = new long[capacity];
        offsets = new long[capacity];
        meta = new int[capacity];
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldMeta[i] != 0) {
                int slot = find(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                offsets[slot] = oldOffsets[i];
                meta[slot] = oldMeta[i];
            }
        }
    }

    private static long[] digest(String key) {
        ByteBuffer hash = ByteBuffer.wrap(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
        return new long[] {hash.getLong(), hash.getLong()};
    }
}
