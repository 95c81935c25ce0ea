package cn.tongfa.connector.runtime;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.tongfa.connector.api.ItemEvent;

/**
 * The accounts (agencies) of one channel that the channel asked to leave alone until a time (a daily quota, a
 * rate-limit window), and the deliveries parked for each meanwhile, in arrival order. Pausing is per agency:
 * other agencies, and the paused agency's other channels (other workers), go on as usual. Thread-safe.
 */
final class AccountPauses {

    /** Why and until when an agency's account is paused. */
    record Pause(Instant until, String reason, String code) {
    }

    private final Map<String, Pause> pauses = new HashMap<>();
    private final Map<String, Deque<ItemEvent>> parked = new HashMap<>();
    private final Set<String> draining = new HashSet<>();

    /** Pauses the agency's account until the later of its current pause and this one. */
    synchronized void pause(String agency, Pause pause) {
        pauses.merge(agency, pause, (a, b) -> a.until().isAfter(b.until()) ? a : b);
    }

    /**
     * The pause an event must wait for: the agency's active pause, or, when events of the same item are still
     * parked, the last pause (so that an item's events keep their order); null when it may go now.
     */
    synchronized Pause blocking(ItemEvent event, Instant now) {
        Pause pause = pauses.get(event.agency());
        if (pause != null && now.isBefore(pause.until())) {
            return pause;
        }
        Deque<ItemEvent> queue = parked.get(event.agency());
        boolean itemWaiting = queue != null && queue.stream().anyMatch(e -> e.itemId().equals(event.itemId())
                && !e.eventId().equals(event.eventId()));
        return itemWaiting ? pause : null;
    }

    /** Whether the agency's account is paused now (the operations gauge {@code tongfa_channel_account_paused}). */
    synchronized boolean paused(String agency, Instant now) {
        Pause pause = pauses.get(agency);
        return pause != null && now.isBefore(pause.until());
    }

    /** Parks the event (at the back, or at the front when it was parked before); false when already parked. */
    synchronized boolean park(ItemEvent event, boolean front) {
        Deque<ItemEvent> queue = parked.computeIfAbsent(event.agency(), a -> new ArrayDeque<>());
        if (isParked(event)) {
            return false;
        }
        if (front) {
            queue.addFirst(event);
        } else {
            queue.addLast(event);
        }
        return true;
    }

    synchronized boolean isParked(ItemEvent event) {
        Deque<ItemEvent> queue = parked.get(event.agency());
        return queue != null && queue.stream().anyMatch(e -> e.eventId().equals(event.eventId()));
    }

    /** Claims the agency's queue for draining; false when another thread drains it. */
    synchronized boolean startDrain(String agency) {
        return draining.add(agency);
    }

    synchronized void endDrain(String agency) {
        draining.remove(agency);
    }

    /** The next parked event of the agency once its pause is over, or null (paused, or nothing parked). */
    synchronized ItemEvent nextDue(String agency, Instant now) {
        Pause pause = pauses.get(agency);
        if (pause != null && now.isBefore(pause.until())) {
            return null;
        }
        Deque<ItemEvent> queue = parked.get(agency);
        return queue == null ? null : queue.pollFirst();
    }

    /** When the agency's parked events should be tried again, or null when none are parked. */
    synchronized Instant resumeAt(String agency) {
        Deque<ItemEvent> queue = parked.get(agency);
        if (queue == null || queue.isEmpty()) {
            return null;
        }
        Pause pause = pauses.get(agency);
        return pause == null ? Instant.EPOCH : pause.until();
    }

    /** The events parked for an agency, in order. */
    synchronized List<ItemEvent> parked(String agency) {
        Deque<ItemEvent> queue = parked.get(agency);
        return queue == null ? List.of() : List.copyOf(queue);
    }
}
