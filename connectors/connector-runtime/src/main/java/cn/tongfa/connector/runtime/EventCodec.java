package cn.tongfa.connector.runtime;

import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.ItemEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON wire form of the events (schemas in connector-api under {@code /schemas/}). One codec serves
 * the hub and every worker, so both sides always agree on the format.
 */
public final class EventCodec {

    private final JsonMapper mapper;

    public EventCodec() {
        // Unknown fields are ignored so that a newer producer can add fields without breaking older workers.
        // Offsets are kept as sent: a channel prints the local date of publishedAt, which UTC would shift.
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    public byte[] write(Object event) {
        return mapper.writeValueAsBytes(event);
    }

    /** @throws MalformedEventException when the bytes are not a valid item event */
    public ItemEvent readItem(byte[] bytes) {
        return read(bytes, ItemEvent.class);
    }

    /** @throws MalformedEventException when the bytes are not a valid delivery event */
    public DeliveryEvent readDelivery(byte[] bytes) {
        return read(bytes, DeliveryEvent.class);
    }

    <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException("empty " + type.getSimpleName(), null);
        }
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            // The records' constructors reject missing required fields with NPE/IAE.
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A record that cannot be read as the event its topic carries (a poison message). */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
