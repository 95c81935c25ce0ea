package cn.tongfa.connector.api;

/**
 * A delivery that did not succeed. The subclass tells the runtime what it may do next; the message is
 * shown to editors, so it says what went wrong in the channel's terms, and {@link #code()} keeps the
 * channel's own error code.
 */
public abstract sealed class DeliveryException extends Exception
        permits RetriableDeliveryException, PermanentDeliveryException, UnconfirmedDeliveryException {

    private final String code;

    protected DeliveryException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The channel's error code (e.g. WeChat {@code 45009}, Weibo {@code 20012}), or null. */
    public String code() {
        return code;
    }
}
