package cn.tongfa.connector.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The deliveries a worker is handling right now, by state key, with one holder each. A thread that claims a key
 * another thread holds waits until that one is done; the state store then holds its outcome.
 *
 * <p>This guards what the state store cannot: a {@code DELIVERING} mark says a call was announced, not whether
 * it is still running. Within one process the worker knows, and a second handler must wait rather than look
 * the call up (the channel may not list it yet) and post again.
 */
final class InFlightDeliveries {

    /** A held key; closing it lets the next claimant in. */
    interface Claim extends AutoCloseable {
        /** Whether this claim had to wait for another holder of the key. */
        boolean waited();

        @Override
        void close();
    }

    private final ConcurrentHashMap<String, CountDownLatch> running = new ConcurrentHashMap<>();

    Claim claim(String key) {
        CountDownLatch mine = new CountDownLatch(1);
        boolean waited = false;
        while (true) {
            CountDownLatch other = running.putIfAbsent(key, mine);
            if (other == null) {
                boolean hadToWait = waited;
                return new Claim() {
                    @Override
                    public boolean waited() {
                        return hadToWait;
                    }

                    @Override
                    public void close() {
                        running.remove(key, mine);
                        mine.countDown();
                    }
                };
            }
            waited = true;
            try {
                other.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for another handler of " + key, e);
            }
        }
    }

    /** How many deliveries are being handled now. */
    int size() {
        return running.size();
    }
}
