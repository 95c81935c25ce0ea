package cn.tongfa.connector.api;

/**
 * Where a connector notes, during {@link ChannelConnector#deliver(ItemEvent, DeliveryProgress)}, what the channel
 * has accepted so far (a draft's id, a publish job's id). The host keeps the notes with the delivery's
 * {@link DeliveryOutcome#DELIVERING} mark, durably, and hands them to
 * {@link ChannelConnector#lookup(ItemEvent, java.util.Map)} when the call ended in doubt, also in another process
 * after a crash. A channel whose post takes a while to appear (a WeChat publish job under review) can so be asked
 * about exactly that job instead of searching for a post that is not listed yet.
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
}
