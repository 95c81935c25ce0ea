package cn.tongfa.hub.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.runtime.ConnectorWorker;
import cn.tongfa.connector.runtime.EventCodec;
import cn.tongfa.hub.ConditionalOnRole;

/**
 * Keeps what the connectors park on their dead-letter topics ({@code hub.dead-letter.<channel>.v1}) where
 * operators can see and replay it. Offsets are committed after the rows are stored.
 */
@Component
@ConditionalOnRole("ledger")
class DeadLetterListener {

    static final String GROUP = "tongfa-dead-letters";

    private final DeadLetterStore store;
    private final EventCodec codec;
    private final Clock clock;

    DeadLetterListener(DeadLetterStore store, EventCodec codec, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        Gauge.builder("tongfa.dead.letters.open", store, DeadLetterStore::countOpen)
                .description("Dead letters not yet replayed").register(registry);
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = {"hub.dead-letter.portal.v1",
            "hub.dead-letter.disclosure.v1", "hub.dead-letter.wechat.v1", "hub.dead-letter.weibo.v1"}, batch = "true",
            containerFactory = "ledgerContainerFactory")
    void onDeadLetters(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            String channel = record.topic().substring("hub.dead-letter.".length(), record.topic().length() - 3);
            boolean poison = header(record, ConnectorWorker.HEADER_POISON) != null;
            String reason = header(record, ConnectorWorker.HEADER_ERROR);
            String payload = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            String itemId = record.key();
            String agency = null;
            Integer version = null;
            if (!poison) {
                try {
                    ItemEvent event = codec.readItem(record.value());
                    itemId = event.itemId();
                    agency = event.agency();
                    version = event.version();
                } catch (EventCodec.MalformedEventException e) {
                    poison = true;
                }
            }
            store.add(channel, record.topic(), record.partition(), record.offset(), itemId, agency, version, reason,
                    poison, payload, clock.instant());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
