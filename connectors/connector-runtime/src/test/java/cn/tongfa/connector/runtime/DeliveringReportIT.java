package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.Topics;

/**
 * The DELIVERING report ({@link WorkerSettings#announceAfter()}): a call that ends quickly is reported once, by its
 * outcome; a call still running is reported DELIVERING first, also when it ends parked; and the DELIVERING report
 * never follows the outcome, delivered or failed, which the ledger would take for the newer state.
 */
class DeliveringReportIT {

    private static final String CHANNEL = Channels.DISCLOSURE;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static TestKafka kafka;
    private static final EventCodec codec = new EventCodec();
    private static KafkaDeliveryStateStore store;
    private static TopicRecorder deliveries;
    private final FakeConnector connector = new FakeConnector(CHANNEL);
    private ConnectorWorker worker;

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start(CHANNEL);
        store = kafka.startStore(codec);
        deliveries = kafka.record(Topics.DELIVERIES);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.stop();
        }
    }

    @Test
    void aQuickCallIsReportedOnceByItsOutcome() throws Exception {
        start(Duration.ofSeconds(2));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = Events.newItemId();
            ids.add(id);
            send(id);
        }
        String failed = Events.newItemId();
        connector.onDeliver(failed, event -> {
            throw new PermanentDeliveryException("40001", "正文含有不允许的外链");
        });
        send(failed);

        await().atMost(PATIENCE).until(() -> ids.stream()
                .allMatch(id -> outcomes(id).contains(DeliveryOutcome.DELIVERED))
                && outcomes(failed).contains(DeliveryOutcome.FAILED));
        // The outcome is the last record any of them gets: nothing more comes once the announce delay has passed.
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> ids.stream()
                .allMatch(id -> outcomes(id).equals(List.of(DeliveryOutcome.DELIVERED)))
                && outcomes(failed).equals(List.of(DeliveryOutcome.FAILED)));
    }

    @Test
    void aSlowCallThatEndsParkedIsAnnouncedThenPendingAndItsQuickResumptionIsNot() throws Exception {
        // Waits longer than maxRetryAfter (1 s) pause the account instead of failing, as a daily quota does.
        worker = kafka.worker(connector, new WorkerSettings(1, 4, 3, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofHours(25), 0, null, Duration.ofMillis(100)), store);
        worker.start();
        String id = Events.newItemId();
        CountDownLatch release = new CountDownLatch(1);
        connector.onDeliver(id, event -> {
            awaitUninterruptibly(release);
            throw new RetriableDeliveryException("45009", "接口调用次数已达今日上限", Duration.ofSeconds(2), null);
        });
        send(id);

        await().atMost(PATIENCE).until(() -> outcomes(id).equals(List.of(DeliveryOutcome.DELIVERING)));
        release.countDown();
        await().atMost(PATIENCE).until(() -> outcomes(id).contains(DeliveryOutcome.DELIVERED));
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.PENDING,
                DeliveryOutcome.DELIVERED);
        assertThat(connector.deliverCalls(id)).isEqualTo(2);
    }

    @Test
    void aCallStillRunningIsReportedDeliveringBeforeItsOutcome() throws Exception {
        start(Duration.ofMillis(100));
        String id = Events.newItemId();
        CountDownLatch release = new CountDownLatch(1);
        connector.onDeliver(id, event -> {
            awaitUninterruptibly(release);
            return FakeConnector.receipt(event);
        });
        send(id);

        await().atMost(PATIENCE).until(() -> outcomes(id).equals(List.of(DeliveryOutcome.DELIVERING)));
        release.countDown();
        await().atMost(PATIENCE).until(() -> outcomes(id).equals(
                List.of(DeliveryOutcome.DELIVERING, DeliveryOutcome.DELIVERED)));
    }

    @Test
    void theDeliveringReportNeverFollowsTheOutcome() throws Exception {
        // Calls as long as the announce delay: the report and the outcome race for every delivery.
        start(Duration.ofMillis(1));
        List<String> ids = new ArrayList<>();
        java.util.Map<String, DeliveryOutcome> expected = new java.util.HashMap<>();
        for (int i = 0; i < 300; i++) {
            String id = Events.newItemId();
            ids.add(id);
            long nanos = (i % 3) * 500_000L;
            boolean fails = i % 4 == 0;
            expected.put(id, fails ? DeliveryOutcome.FAILED : DeliveryOutcome.DELIVERED);
            connector.onDeliver(id, event -> {
                LockSupport.parkNanos(nanos);
                if (fails) {
                    throw new PermanentDeliveryException("20012", "微博内容过长");
                }
                return FakeConnector.receipt(event);
            });
            send(id);
        }

        await().atMost(PATIENCE).until(() -> ids.stream()
                .allMatch(id -> outcomes(id).contains(expected.get(id))));
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> {
            List<DeliveryOutcome> outcomes = outcomes(id);
            return outcomes.equals(List.of(expected.get(id)))
                    || outcomes.equals(List.of(DeliveryOutcome.DELIVERING, expected.get(id)));
        }));
        long announced = ids.stream().filter(id -> outcomes(id).size() == 2).count();
        // Not a condition of correctness, but without both kinds the race was not run.
        System.out.printf("DeliveringReportIT: %d of %d deliveries were announced before their outcome%n",
                announced, ids.size());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the call");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void start(Duration announceAfter) {
        WorkerSettings settings = new WorkerSettings(1, 16, 3, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ZERO, 0, null, announceAfter);
        worker = kafka.worker(connector, settings, store);
        worker.start();
    }

    private static void send(String id) throws Exception {
        kafka.send(Topics.ITEMS, id, codec.write(Events.publish(id, CHANNEL)));
    }

    private static List<DeliveryOutcome> outcomes(String itemId) {
        return deliveries.forKey(itemId).stream()
                .map(record -> codec.readDelivery(record.value()))
                .map(DeliveryEvent::outcome)
                .toList();
    }
}
