package cn.tongfa.hub.delivery;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.runtime.EventCodec;
import cn.tongfa.hub.ConditionalOnRole;

/**
 * Consumes the connectors' reports into the ledger, one database transaction and one JDBC batch per poll;
 * offsets are committed only after it commits. While the database is unreachable the poll is retried (see
 * {@code KafkaConfiguration}), so no report is skipped.
 */
@Component
@ConditionalOnRole("ledger")
class DeliveryReportListener {

    static final String GROUP = "tongfa-ledger";
    private static final Logger log = LoggerFactory.getLogger(DeliveryReportListener.class);

    private final DeliveryLedger ledger;
    private final EventCodec codec;
    private final TransactionTemplate transactions;
    private final Counter unreadable;

    DeliveryReportListener(DeliveryLedger ledger, EventCodec codec, TransactionTemplate transactions,
            MeterRegistry registry) {
        this.ledger = ledger;
        this.codec = codec;
        this.transactions = transactions;
        this.unreadable = Counter.builder("tongfa.ledger.unreadable")
                .description("Delivery reports that could not be read and were skipped").register(registry);
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = Topics.DELIVERIES, batch = "true",
            containerFactory = "ledgerContainerFactory")
    void onReports(List<ConsumerRecord<String, byte[]>> records) {
        List<DeliveryEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(codec.readDelivery(record.value()));
            } catch (EventCodec.MalformedEventException e) {
                unreadable.increment();
                log.error("skipping unreadable delivery report {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        transactions.executeWithoutResult(status -> ledger.applyAll(events));
    }
}
