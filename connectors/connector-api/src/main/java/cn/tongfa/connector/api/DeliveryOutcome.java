package cn.tongfa.connector.api;

/** The state of one delivery (channel × item × version) as a connector reports it. */
public enum DeliveryOutcome {
    /**
     * Not attempted yet, or waiting: the channel asked the account to pause (a quota or rate limit) and the
     * delivery is parked until the pause ends, when the host tries it again by itself. The report's error says
     * why and until when.
     */
    PENDING,
    /** The connector is calling the channel; a crash now leaves the delivery in doubt. */
    DELIVERING,
    /** The channel's own definition of "delivered" holds (see DESIGN.md, "what delivered means"). */
    DELIVERED,
    /**
     * The channel may or may not have taken the item (a timeout after the request was sent) and a look-up
     * could not settle it. Never retried blindly: an operator or a later look-up decides.
     */
    UNCONFIRMED,
    /** The channel refused the item for good, or the retry budget ran out. */
    FAILED,
    /** The item was taken off the channel. */
    WITHDRAWN
}
