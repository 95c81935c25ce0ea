package cn.tongfa.connector.wechat;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where pushed {@code PUBLISHJOBFINISH} events meet the deliveries waiting for their publish job. An event may
 * arrive before its delivery starts waiting (WeChat can push before the answer to {@code freepublish/submit}
 * is read), or for a job nobody here waits for (another process, or polling got there first): the newest
 * {@value #MAX_KEPT} are kept, so a late waiter still finds its event and duplicates cost nothing. A look-up
 * that has no publish_id to wait for can still be woken by any event of the agency ({@link #awaitAny}).
 */
final class PublishJobs {

    static final int MAX_KEPT = 10_000;

    private final Map<String, PublishJobFinished> arrived = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublishJobFinished> eldest) {
            return size() > MAX_KEPT;
        }
    };
    /** Per agency: how many events arrived so far, so that a waiter knows whether one came since it looked. */
    private final Map<String, Long> counts = new HashMap<>();

    synchronized void arrived(PublishJobFinished event) {
        arrived.put(key(event.agency(), event.publishId()), event);
        counts.merge(event.agency(), 1L, Long::sum);
        notifyAll();
    }

    /** A mark for {@link #awaitAny}: the number of the agency's events so far. */
    synchronized long mark(String agency) {
        return counts.getOrDefault(agency, 0L);
    }

    /**
     * Waits at most {@code max} until an event of the agency's account, of any job, arrived after {@code mark}
     * was taken. The event stays for the waiter of its own job.
     *
     * @return true when one arrived, false when the time ran out
     */
    synchronized boolean awaitAny(String agency, long mark, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (counts.getOrDefault(agency, 0L) == mark) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Waits at most {@code max} for the event of a job and takes it.
     *
     * @return the event, or null when none arrived in time
     */
    synchronized PublishJobFinished await(String agency, String publishId, Duration max) throws InterruptedException {
        String key = key(agency, publishId);
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            PublishJobFinished event = arrived.remove(key);
            if (event != null) {
                return event;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Drops a job's event once the job's outcome is known otherwise. */
    synchronized void forget(String agency, String publishId) {
        arrived.remove(key(agency, publishId));
    }

    synchronized int size() {
        return arrived.size();
    }

    private static String key(String agency, String publishId) {
        return agency + "/" + publishId;
    }
}
