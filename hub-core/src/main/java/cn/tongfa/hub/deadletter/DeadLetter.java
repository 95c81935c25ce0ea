package cn.tongfa.hub.deadletter;

import java.time.Instant;

/**
 * A record parked on a connector's dead-letter topic.
 *
 * @param poison  the record could not be read at all (it cannot be replayed, only inspected)
 * @param payload the record as received (UTF-8; unreadable bytes are shown as replacement characters)
 */
public record DeadLetter(long id, String channel, String itemId, String agency, Integer version, String reason,
        boolean poison, String payload, Instant receivedAt, Instant replayedAt, String replayedBy) {
}
