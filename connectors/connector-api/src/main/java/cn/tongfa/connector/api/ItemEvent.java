package cn.tongfa.connector.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing the hub asks the channels to do with one version of one item, carrying the full snapshot
 * of the item so that a connector never needs to ask the hub anything.
 *
 * <p>The pair ({@code itemId}, {@code version}) identifies the item's content; the triple
 * (channel, {@code itemId}, {@code version}) is the unit of delivery and of idempotency.
 *
 * @param eventId    unique id of this event (a relay may send the same event twice; the id stays the same)
 * @param action     publish, update or withdraw
 * @param itemId     the item's id
 * @param version    the item's version, starting at 1
 * @param agency     the id of the agency the item belongs to
 * @param channels   the channels this event is for; a connector ignores events that do not name its channel
 * @param item       the item as it stands at this version
 * @param occurredAt when the hub decided this action (publication, update or withdrawal time)
 */
public record ItemEvent(
        String eventId,
        ItemAction action,
        String itemId,
        int version,
        String agency,
        List<String> channels,
        ItemSnapshot item,
        Instant occurredAt) {

    public ItemEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(occurredAt, "occurredAt");
        channels = channels == null ? List.of() : List.copyOf(channels);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }

    /** Whether this event asks the given channel for anything. */
    public boolean isFor(String channel) {
        return channels.contains(channel);
    }
}
