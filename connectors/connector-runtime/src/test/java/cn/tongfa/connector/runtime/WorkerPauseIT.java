package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.runtime.FakeConnector.Kind;

/**
 * A channel that pauses one agency's account (a quota such as WeChat's 45009): that agency's deliveries are
 * parked as PENDING and re-driven in order when the pause ends, while another agency's go through at once.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class WorkerPauseIT {

    private static final String CHANNEL = Channels.WECHAT;
    private static final Duration QUOTA_RESET = Duration.ofSeconds(3);

    private static TestKafka kafka;
    private static final EventCodec codec = new EventCodec();
    private static final FakeConnector connector = new FakeConnector(CHANNEL);
    private static TopicRecorder deliveries;
    private static TopicRecorder deadLetters;
    private static ConnectorWorker worker;

    @BeforeAll
    static void startWorker() {
        kafka = TestKafka.start(CHANNEL);
        KafkaDeliveryStateStore store = kafka.startStore(codec);
        deliveries = kafka.record(Topics.DELIVERIES);
        deadLetters = kafka.record(Topics.deadLetter(CHANNEL));
        WorkerSettings settings = new WorkerSettings(1, 4, 3, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofHours(25), 0, null, Duration.ZERO);
        worker = kafka.worker(connector, settings, store);
        worker.start();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (worker != null) {
            worker.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aPausedAccountParksItsOwnDeliveriesOnlyAndResumesThemInOrder() throws Exception {
        String first = Events.newItemId();
        String second = Events.newItemId();
        String elsewhere = Events.newItemId();
        connector.onDeliver(first, event -> {
            throw new RetriableDeliveryException("45009", "接口调用次数已达今日上限", QUOTA_RESET, null);
        });
        send(Events.event(ItemAction.PUBLISH, first, 1, "quota-out", CHANNEL));
        DeliveryEvent pending = awaitReport(first, DeliveryOutcome.PENDING);
        Instant start = pending.at();
        send(Events.event(ItemAction.PUBLISH, second, 1, "quota-out", CHANNEL));
        send(Events.event(ItemAction.PUBLISH, elsewhere, 1, "other-agency", CHANNEL));

        DeliveryEvent other = awaitReport(elsewhere, DeliveryOutcome.DELIVERED);
        assertThat(Duration.between(start, other.at())).isLessThan(QUOTA_RESET);
        assertThat(pending.error()).contains("暂停", "接口调用次数已达今日上限");
        assertThat(pending.errorCode()).isEqualTo("45009");
        DeliveryEvent parked = awaitReport(second, DeliveryOutcome.PENDING);
        assertThat(parked.error()).contains("账号已暂停");
        assertThat(connector.deliverCalls(second)).isZero();

        DeliveryEvent firstDelivered = awaitReport(first, DeliveryOutcome.DELIVERED);
        DeliveryEvent secondDelivered = awaitReport(second, DeliveryOutcome.DELIVERED);
        assertThat(Duration.between(start, firstDelivered.at())).isGreaterThanOrEqualTo(QUOTA_RESET.minusMillis(300));
        assertThat(firstDelivered.at()).isBeforeOrEqualTo(secondDelivered.at());
        assertThat(connector.kinds(first)).containsExactly(Kind.DELIVER, Kind.DELIVER);
        assertThat(connector.kinds(second)).containsExactly(Kind.DELIVER);
        assertThat(outcomes(first)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.PENDING,
                DeliveryOutcome.DELIVERING, DeliveryOutcome.DELIVERED);
        assertThat(deadLetters.forKey(first)).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void parkedDeliveriesSurviveAWorkerRestart() throws Exception {
        worker.stop();
        String id = Events.newItemId();
        FakeConnector pausing = new FakeConnector(CHANNEL).onDeliver(id, event -> {
            throw new RetriableDeliveryException("45009", "接口调用次数已达今日上限", QUOTA_RESET, null);
        });
        KafkaDeliveryStateStore firstStore = kafka.startStore(codec);
        ConnectorWorker first = kafka.worker(pausing, settings(), firstStore);
        first.start();
        send(Events.event(ItemAction.PUBLISH, id, 1, "restart-quota", CHANNEL));
        awaitReport(id, DeliveryOutcome.PENDING);
        // The worker goes away while the account is paused; its offsets are committed, the delivery is not done.
        first.stop();
        firstStore.close();

        FakeConnector healthy = new FakeConnector(CHANNEL);
        KafkaDeliveryStateStore secondStore = kafka.startStore(codec);
        ConnectorWorker second = kafka.worker(healthy, settings(), secondStore);
        second.start();
        try {
            awaitReport(id, DeliveryOutcome.DELIVERED);
            assertThat(pausing.deliverCalls(id)).isEqualTo(1);
            assertThat(healthy.deliverCalls(id)).isEqualTo(1);
        } finally {
            second.stop();
            secondStore.close();
        }
    }

    private static WorkerSettings settings() {
        return new WorkerSettings(1, 4, 3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofHours(25), 0, null, Duration.ZERO);
    }

    private static void send(ItemEvent event) throws Exception {
        kafka.send(Topics.ITEMS, event.itemId(), codec.write(event));
    }

    private static List<DeliveryEvent> reports(String itemId) {
        return deliveries.forKey(itemId).stream().map(record -> {
            Schemas.assertValid(Schemas.DELIVERY_EVENT, record.value());
            return codec.readDelivery(record.value());
        }).toList();
    }

    private static List<DeliveryOutcome> outcomes(String itemId) {
        return reports(itemId).stream().map(DeliveryEvent::outcome).toList();
    }

    private static DeliveryEvent awaitReport(String itemId, DeliveryOutcome outcome) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> reports(itemId).stream().filter(report -> report.outcome() == outcome).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }
}
