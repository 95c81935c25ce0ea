package cn.tongfa.connector.api;

/**
 * The request may have reached the channel, but no answer came back (read timeout, connection reset after
 * sending). The runtime never simply repeats such a call: it asks {@link ChannelConnector#lookup(ItemEvent)}
 * first, and leaves the delivery {@link DeliveryOutcome#UNCONFIRMED} when the look-up cannot settle it.
 */
public final class UnconfirmedDeliveryException extends DeliveryException {

    public UnconfirmedDeliveryException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
