package cn.tongfa.connector.runtime;

import cn.tongfa.connector.api.DeliveryOutcome;

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
 */
public record DeliveryState(String eventId, DeliveryOutcome outcome, String ref, String url, int attempts,
        String error, String errorCode) {

    /** Whether the channel holds the post (nothing more to do for this key). */
    boolean settled() {
        return outcome == DeliveryOutcome.DELIVERED || outcome == DeliveryOutcome.WITHDRAWN;
    }
}
