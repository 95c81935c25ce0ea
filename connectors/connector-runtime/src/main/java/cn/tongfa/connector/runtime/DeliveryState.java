package cn.tongfa.connector.runtime;

import java.time.Instant;
import java.util.Map;

import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.ItemEvent;

/**
 * The durable state of one delivery (channel × item × version × action) as the worker last wrote it.
 *
 * @param eventId  the item event being delivered when this state was written
 * @param outcome  DELIVERING while the channel call is under way, then the final outcome
 * @param ref      the channel's id of the post, once known
 * @param url      the post's public URL, once known
 * @param attempts channel calls made so far
 * @param error     the last error, if any
 * @param errorCode the channel's code for that error, if it gave one
 * @param parked    the event a PENDING delivery holds back, if parked
 * @param resumeAt  when a parked delivery is tried again
 * @param progress  what the connector recorded during the DELIVERING call (a publish job's id), handed to its
 *                  look-up; empty when nothing was (and in states written before it existed)
 * @param earlier   what earlier attempts of the same delivery recorded (the latest note of each name), handed to
 *                  the next attempt as {@link cn.tongfa.connector.api.DeliveryProgress#recalled}, never to a
 *                  look-up: a look-up must ask about this attempt's job, not an older one's
 */
public record DeliveryState(String eventId, DeliveryOutcome outcome, String ref, String url, int attempts,
        String error, String errorCode, ItemEvent parked, Instant resumeAt, Map<String, String> progress,
        Map<String, String> earlier) {

    public DeliveryState {
        progress = progress == null ? Map.of() : Map.copyOf(progress);
        earlier = earlier == null ? Map.of() : Map.copyOf(earlier);
    }

    public DeliveryState(String eventId, DeliveryOutcome outcome, String ref, String url, int attempts, String error,
            String errorCode, ItemEvent parked, Instant resumeAt, Map<String, String> progress) {
        this(eventId, outcome, ref, url, attempts, error, errorCode, parked, resumeAt, progress, null);
    }

    public DeliveryState(String eventId, DeliveryOutcome outcome, String ref, String url, int attempts, String error,
            String errorCode, ItemEvent parked, Instant resumeAt) {
        this(eventId, outcome, ref, url, attempts, error, errorCode, parked, resumeAt, null);
    }

    public DeliveryState(String eventId, DeliveryOutcome outcome, String ref, String url, int attempts, String error,
            String errorCode) {
        this(eventId, outcome, ref, url, attempts, error, errorCode, null, null);
    }

    /**
     * The same PENDING state carrying the event it holds back and when to try it again: parked deliveries are
     * kept in the state log so that a restarted worker picks them up where its predecessor left them.
     */
    DeliveryState parking(ItemEvent event, Instant until) {
        return new DeliveryState(eventId, outcome, ref, url, attempts, error, errorCode, event, until, progress,
                earlier);
    }

    /** The same state carrying the connector's progress notes. */
    DeliveryState withProgress(Map<String, String> notes) {
        return new DeliveryState(eventId, outcome, ref, url, attempts, error, errorCode, parked, resumeAt, notes,
                earlier);
    }

    /** The same state carrying the notes of earlier attempts. */
    DeliveryState withEarlier(Map<String, String> notes) {
        return new DeliveryState(eventId, outcome, ref, url, attempts, error, errorCode, parked, resumeAt, progress,
                notes);
    }

    /**
     * Everything the attempts so far recorded, for the next attempt to recall: earlier attempts' notes, overridden
     * by the latest attempt's.
     */
    Map<String, String> recallable() {
        if (progress.isEmpty()) {
            return earlier;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(earlier);
        all.putAll(progress);
        return all;
    }

    /** Whether the channel holds the post (nothing more to do for this key). */
    boolean settled() {
        return outcome == DeliveryOutcome.DELIVERED || outcome == DeliveryOutcome.WITHDRAWN;
    }
}
