package cn.tongfa.connector.api;

/**
 * Delivers items to one channel (one implementation per channel, serving every agency configured for it).
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>The host constructs the connector with its channel's settings and calls {@link #start()} once. A
 *       connector checks its settings there; an agency whose account is misconfigured is reported by
 *       {@link #accountProblem(String)}, and does not stop the other agencies.</li>
 *   <li>For each {@link ItemEvent} naming this channel the host calls {@link #deliver(ItemEvent)}, from one
 *       thread per partition: calls for one item never overlap, calls for different items may.</li>
 *   <li>When a call ended in doubt ({@link UnconfirmedDeliveryException}, or the host crashed mid-call), the
 *       host calls {@link #lookup(ItemEvent)} before any new attempt.</li>
 *   <li>{@link #close()} once, when the host stops.</li>
 * </ol>
 *
 * <h2>Errors</h2>
 * {@link RetriableDeliveryException}: nothing was published, the host retries with back-off.
 * {@link PermanentDeliveryException}: the channel refused for good; the delivery is recorded as failed with
 * the message. {@link UnconfirmedDeliveryException}: the request may have been published; look it up first.
 * Any other exception is treated as retriable.
 *
 * <h2>Delivered</h2>
 * {@link #deliver(ItemEvent)} returns only when the channel's own meaning of "delivered" holds (the portal
 * page written, the catalogue entry accepted, the WeChat publish job finished, the Weibo post id returned).
 * It must be idempotent for the same (item, version, action) where the channel allows it.
 */
public interface ChannelConnector extends AutoCloseable {

    /** The channel this connector serves, one of {@link Channels#ALL}. */
    String channel();

    /** Checks the settings and opens what the connector needs. Called once before any delivery. */
    default void start() {
    }

    /**
     * Why this agency cannot be served on this channel (missing or rejected credentials, naming the
     * configuration key), or null when it can.
     */
    default String accountProblem(String agency) {
        return null;
    }

    /**
     * Carries out the event's action on the channel.
     *
     * @return the channel's receipt: post id and public URL
     * @throws DeliveryException classified as above
     */
    DeliveryReceipt deliver(ItemEvent event) throws DeliveryException;

    /**
     * Asks the channel whether an earlier attempt at this event took effect. The default answers
     * {@link Lookup.Unknown}: a connector whose channel offers a look-up overrides it.
     */
    default Lookup lookup(ItemEvent event) {
        return Lookup.unknown(Channels.label(channel()) + "不支持查询已发布内容，需人工核实");
    }

    @Override
    default void close() {
    }
}
