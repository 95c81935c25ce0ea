package cn.tongfa.connector.api;

/**
 * The channel refused the item in a way that trying again will not change (content rejected, text too
 * long, account not authorised, bad configuration). The delivery is recorded as
 * {@link DeliveryOutcome#FAILED} with this message until an editor or operator acts.
 */
public final class PermanentDeliveryException extends DeliveryException {

    public PermanentDeliveryException(String code, String message) {
        this(code, message, null);
    }

    public PermanentDeliveryException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
