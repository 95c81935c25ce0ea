package cn.tongfa.connector.api;

import java.time.Duration;

/**
 * The channel did not take the item, and nothing reached it that could have been published: trying again
 * later is safe (channel down, 5xx before processing, busy, rate limited, connection refused).
 */
public final class RetriableDeliveryException extends DeliveryException {

    private final Duration retryAfter;

    public RetriableDeliveryException(String code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * @param retryAfter how long the channel asked us to wait (rate limits, quotas), or null for the
     *                   runtime's own back-off
     */
    public RetriableDeliveryException(String code, String message, Duration retryAfter, Throwable cause) {
        super(code, message, cause);
        this.retryAfter = retryAfter;
    }

    /** The wait the channel asked for, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
