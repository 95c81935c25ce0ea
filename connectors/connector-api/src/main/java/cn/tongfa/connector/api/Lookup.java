package cn.tongfa.connector.api;

import java.util.Objects;

/** The answer of {@link ChannelConnector#lookup(ItemEvent)}: did an earlier attempt reach the channel? */
public sealed interface Lookup {

    /** The channel holds the post: the delivery succeeded. */
    record Found(DeliveryReceipt receipt) implements Lookup {
        public Found {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** The channel certainly does not hold it: a new attempt is safe. */
    record NotFound() implements Lookup {
    }

    /** The channel cannot be asked (no look-up API, or the look-up itself failed): a person must decide. */
    record Unknown(String reason) implements Lookup {
    }

    /**
     * The earlier attempt reached the channel and the channel refused it for good (a publish job that failed
     * review): the delivery fails with this reason, as {@link PermanentDeliveryException} would have.
     */
    record Failed(String code, String reason) implements Lookup {
    }

    static Lookup found(DeliveryReceipt receipt) {
        return new Found(receipt);
    }

    static Lookup notFound() {
        return new NotFound();
    }

    static Lookup unknown(String reason) {
        return new Unknown(reason);
    }

    static Lookup failed(String code, String reason) {
        return new Failed(code, reason);
    }
}
