package cn.tongfa.connector.api;

/** Kafka topic names. The {@code .v1} suffix is the wire version of the events they carry. */
public final class Topics {

    /** {@link ItemEvent}s, keyed by item id so that all versions of one item stay in order. */
    public static final String ITEMS = "hub.items.v1";

    /** {@link DeliveryEvent}s, keyed by item id. */
    public static final String DELIVERIES = "hub.deliveries.v1";

    /**
     * The runtime's durable record of delivery attempts (compacted), keyed by
     * {@code channel/itemId/version/action}: what makes a redelivered event safe to process again.
     */
    public static final String DELIVERY_STATE = "hub.delivery-state.v1";

    /**
     * The ends of WeChat publish jobs ({@code PUBLISHJOBFINISH}) that the hub's callback endpoint received and
     * checked, keyed by publish id, for the WeChat connectors wherever they run. Every connector process reads
     * all of it from its end (no consumer group); short retention: a missed event only means the connector
     * learns the outcome by polling.
     */
    public static final String WECHAT_PUBLISH_JOBS = "hub.wechat-publish-jobs.v1";

    private Topics() {
    }

    /** The dead-letter topic of one channel's connector, for deliveries that failed for good. */
    public static String deadLetter(String channel) {
        return "hub.dead-letter." + channel + ".v1";
    }
}
