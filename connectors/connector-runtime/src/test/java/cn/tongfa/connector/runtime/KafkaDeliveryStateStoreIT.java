package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.Topics;

class KafkaDeliveryStateStoreIT {

    private static TestKafka kafka;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aStoreStartedLaterSeesTheLatestStateOfEveryKeyOnceCaughtUp() {
        KafkaDeliveryStateStore writer = kafka.startStore(codec);
        String delivered = key();
        String failed = key();
        writer.put(delivered, state(DeliveryOutcome.DELIVERING, 0)).join();
        writer.put(delivered, state(DeliveryOutcome.DELIVERED, 1)).join();
        writer.put(failed, state(DeliveryOutcome.FAILED, 5)).join();
        assertThat(writer.get(delivered).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);

        KafkaDeliveryStateStore reader = kafka.startStore(codec);
        reader.awaitCaughtUp();

        assertThat(reader.get(delivered)).isEqualTo(state(DeliveryOutcome.DELIVERED, 1));
        assertThat(reader.get(failed)).isEqualTo(state(DeliveryOutcome.FAILED, 5));
        assertThat(reader.get(key())).isNull();
    }

    @Test
    void readsFromTheBeginningWhateverTheConsumerResetPolicy() {
        // The constructor asks only for no group id and no auto-commit of the reader's consumer.
        String key = key();
        kafka.startStore(codec).put(key, state(DeliveryOutcome.DELIVERED, 1)).join();
        Properties latest = new Properties();
        latest.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");

        KafkaDeliveryStateStore reader = kafka.startStore(codec, latest);
        reader.awaitCaughtUp();

        assertThat(reader.get(key)).isEqualTo(state(DeliveryOutcome.DELIVERED, 1));
    }

    @Test
    void aTombstoneForgetsTheKey() throws Exception {
        KafkaDeliveryStateStore store = kafka.startStore(codec);
        String key = key();
        store.put(key, state(DeliveryOutcome.DELIVERED, 1)).join();

        kafka.template().send(new ProducerRecord<>(Topics.DELIVERY_STATE, key, null)).get();
        store.awaitCaughtUp();

        assertThat(store.get(key)).isNull();
    }

    @Test
    void catchesUpPromptlyWhenAskedManyTimesInARow() {
        KafkaDeliveryStateStore store = kafka.startStore(codec);
        store.awaitCaughtUp();

        // Each request must be answered in a few polls; a lost request would block for minutes.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 200; i++) {
                store.put(key(), state(DeliveryOutcome.DELIVERING, i));
                store.awaitCaughtUp();
            }
        });
    }

    private static String key() {
        return DeliveryStateStore.key("portal", "item-" + UUID.randomUUID(), 1, "PUBLISH");
    }

    private static DeliveryState state(DeliveryOutcome outcome, int attempts) {
        return new DeliveryState("event-1", outcome, outcome == DeliveryOutcome.DELIVERED ? "ref-1" : null, null,
                attempts, outcome == DeliveryOutcome.FAILED ? "内容过长 [20012]" : null,
                outcome == DeliveryOutcome.FAILED ? "20012" : null);
    }
}
