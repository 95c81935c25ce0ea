package cn.tongfa.connector.api;

/**
 * Where a connector notes, during {@link ChannelConnector#deliver(ItemEvent, DeliveryProgress)}, what the channel
 * has accepted so far (a draft's id, a publish job's id). The host keeps the notes with the delivery's
 * {@link DeliveryOutcome#DELIVERING} mark, durably, and hands them to
 * {@link ChannelConnector#lookup(ItemEvent, java.util.Map)} when the call ended in doubt, also in another process
 * after a crash. A channel whose post takes a while to appear (a WeChat publish job under review) can so be asked
 * about exactly that job instead of searching for a post that is not listed yet.
 *
 * <p>The notes also outlive a failed attempt: when the same delivery (channel, item, version and action) is
 * attempted again — a retry after a retriable error, an operator's replay after a failure, a new process after a
 * crash — {@link #recalled(String)} answers what an earlier attempt recorded. A connector that uploads files
 * before it posts (WeChat's cover material and body images) records each upload's id and reuses it, instead of
 * uploading the same file again on every attempt.
 */
@FunctionalInterface
public interface DeliveryProgress {

    /** Notes nothing: for calls outside a host, and for tests. */
    DeliveryProgress NONE = (name, value) -> {
    };

    /**
     * Notes one fact, replacing an earlier value of the same name. Returns only once the note is durable: a
     * connector records before it waits on the channel.
     *
     * @throws RuntimeException when the note could not be made durable; the connector should then report the
     *                          delivery as unconfirmed, since the channel may already hold the post
     */
    void record(String name, String value);

    /**
     * What an earlier attempt of this same delivery recorded under {@code name}, or what this attempt recorded
     * already; null when nothing was (a first attempt, or a host that keeps no notes). A note is only a hint of
     * what the channel holds: the channel may have dropped it since (material deleted in its back office), and
     * the connector must cope with that.
     */
    default String recalled(String name) {
        return null;
    }
}
