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
    void settledDeliveriesBeyondTheBoundAreCompactedButStaySettledForWriterAndReader() {
        KafkaDeliveryStateStore writer = kafka.startStore(codec, 2);
        // Earlier tests' settled records are on the topic too: read them first, or a slow first read applies them
        // after this test's own and they become the writer's most recently settled ones.
        writer.awaitCaughtUp();
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String key = key();
            keys.add(key);
            writer.put(key, state(DeliveryOutcome.DELIVERING, 0)).join();
            writer.put(key, state(DeliveryOutcome.DELIVERED, 1)).join();
        }
        String failed = key();
        writer.put(failed, state(DeliveryOutcome.FAILED, 5)).join();

        KafkaDeliveryStateStore reader = kafka.startStore(codec, 2);
        reader.awaitCaughtUp();
        writer.awaitCaughtUp();

        // The writer settled them in this order: the two most recent keep their ref, the older ones are compacted
        // without it. (The reader reads the topic's partitions in no set order between them, so which of its
        // settled deliveries are the most recent is not this test's order.)
        assertThat(writer.get(keys.get(5))).isEqualTo(state(DeliveryOutcome.DELIVERED, 1));
        assertThat(writer.get(keys.get(0)).ref()).isNull();
        for (KafkaDeliveryStateStore store : java.util.List.of(writer, reader)) {
            // The reader's own replay of the DELIVERING records must not move a compacted key back either.
            for (String key : keys) {
                assertThat(store.get(key).outcome()).as(key).isEqualTo(DeliveryOutcome.DELIVERED);
                assertThat(store.get(key).attempts()).isEqualTo(1);
            }
            assertThat(store.get(failed)).isEqualTo(state(DeliveryOutcome.FAILED, 5));
            // Other tests' keys share the topic: at least the four older deliveries are compacted.
            assertThat(store.size() - store.wholeCount()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aLaterStateOfACompactedKeyWins() {
        KafkaDeliveryStateStore store = kafka.startStore(codec, 0);
        String key = key();
        store.put(key, state(DeliveryOutcome.DELIVERED, 1)).join();
        store.put(key, state(DeliveryOutcome.FAILED, 5)).join();

        assertThat(store.get(key)).isEqualTo(state(DeliveryOutcome.FAILED, 5));
        kafka.template().send(new ProducerRecord<>(Topics.DELIVERY_STATE, key, null)).join();
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
