package cn.tongfa.connector.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * Where a worker remembers, durably and before it calls a channel, that it is about to call it. This is
 * what makes a redelivered Kafka record safe: a worker that finds {@code DELIVERING} for a key knows an
 * earlier attempt may have reached the channel and looks it up instead of posting again.
 */
public interface DeliveryStateStore {

    /** The key of one delivery. */
    static String key(String channel, String itemId, int version, String action) {
        return channel + "/" + itemId + "/" + version + "/" + action;
    }

    /** The last state written for the key, or null. */
    DeliveryState get(String key);

    /** Writes the state; the future completes once it is durable. */
    CompletableFuture<Void> put(String key, DeliveryState state);

    /** Blocks until every state written before this call, by any worker, is visible to {@link #get}. */
    void awaitCaughtUp();

    /** Every state the store knows of whose key starts with the prefix (e.g. {@code "wechat/"}). */
    default java.util.Map<String, DeliveryState> withPrefix(String prefix) {
        return java.util.Map.of();
    }
}
