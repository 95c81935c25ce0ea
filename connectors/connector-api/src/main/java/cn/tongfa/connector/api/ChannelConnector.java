package cn.tongfa.connector.api;

/**
 * Delivers items to one channel (one implementation per channel, serving every agency configured for it).
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>The host constructs the connector with its channel's settings and calls {@link #start()} once. A
 *       connector checks its settings there; an agency whose account is misconfigured is reported by
 *       {@link #accountProblem(String)}, and does not stop the other agencies. Then, in the background, the host
 *       calls {@link #checkAccount(String)} once per agency the channel serves, so that a wrong credential shows
 *       before the first publication.</li>
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
     * Asks the channel, with one cheap authenticated call, whether it accepts this agency's credentials. A refusal
     * is remembered: from then on {@link #accountProblem(String)} reports it (until a delivery for the agency
     * succeeds), naming the configuration key to fix. A channel that cannot be reached says nothing about the
     * credentials: {@link AccountCheck.State#UNVERIFIED}. The host calls this off the delivery threads and gives up
     * waiting after a while; it must never log a credential.
     *
     * <p>The default knows no such call: it reports {@link #accountProblem(String)}, or OK.
     */
    default AccountCheck checkAccount(String agency) {
        String problem = accountProblem(agency);
        return problem == null ? AccountCheck.ok() : AccountCheck.rejected(problem);
    }

    /**
     * Carries out the event's action on the channel.
     *
     * @return the channel's receipt: post id and public URL
     * @throws DeliveryException classified as above
     */
    DeliveryReceipt deliver(ItemEvent event) throws DeliveryException;

    /**
     * {@link #deliver(ItemEvent)}, noting its progress: a connector whose channel accepts a post before it shows
     * it (a publish job) records the job's id in {@code progress} before it waits, so that a
     * {@link #lookup(ItemEvent, java.util.Map)} after a crash can ask about that job. The host calls this one;
     * the default ignores the progress.
     */
    default DeliveryReceipt deliver(ItemEvent event, DeliveryProgress progress) throws DeliveryException {
        return deliver(event);
    }

    /**
     * Asks the channel whether an earlier attempt at this event took effect. The default answers
     * {@link Lookup.Unknown}: a connector whose channel offers a look-up overrides it.
     */
    default Lookup lookup(ItemEvent event) {
        return Lookup.unknown(Channels.label(channel()) + "不支持查询已发布内容，需人工核实");
    }

    /**
     * {@link #lookup(ItemEvent)}, given what the earlier attempt recorded with {@link DeliveryProgress} (empty when
     * nothing was). The host calls this one; the default ignores the progress.
     */
    default Lookup lookup(ItemEvent event, java.util.Map<String, String> progress) {
        return lookup(event);
    }

    @Override
    default void close() {
    }
}
