package cn.tongfa.connector.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A connector's report of what happened to one delivery. The hub's ledger keeps the latest state per
 * (itemId, channel, version); reports may arrive more than once and are idempotent.
 *
 * @param eventId     unique id of this report
 * @param itemId      the item's id
 * @param agency      the agency the item belongs to
 * @param channel     the channel the report is about
 * @param version     the item version delivered
 * @param action      the action of the {@link ItemEvent} this answers
 * @param outcome     what happened
 * @param ref         the channel's own id of the post (WeChat article id, Weibo post id, 索引号, page path), or null
 * @param url         where readers find the post, or null
 * @param error       the channel's message when the outcome is a failure, readable by an editor; else null
 * @param errorCode   the channel's error code when it gave one, else null
 * @param attempts    how many calls to the channel this delivery took
 * @param requestedAt when the hub asked for it ({@link ItemEvent#occurredAt()}), for latency
 * @param at          when the outcome happened
 */
public record DeliveryEvent(
        String eventId,
        String itemId,
        String agency,
        String channel,
        int version,
        ItemAction action,
        DeliveryOutcome outcome,
        String ref,
        String url,
        String error,
        String errorCode,
        int attempts,
        Instant requestedAt,
        Instant at) {

    public DeliveryEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }
}
