package cn.tongfa.hub.delivery;

import java.time.Instant;

/** One row of the delivery ledger: an item version on one channel. */
public record Delivery(
        String itemId,
        String channel,
        int version,
        String agency,
        String action,
        String status,
        int attempts,
        String ref,
        String url,
        String error,
        Instant requestedAt,
        Instant deliveredAt,
        Instant updatedAt) {
}
