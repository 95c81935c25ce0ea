package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.connector.runtime.FakeConnector.Call;
import cn.tongfa.connector.runtime.FakeConnector.Kind;

/**
 * One worker hosting a scripted portal connector on a real broker, for the whole class. Every test uses
 * items of its own and reads what the worker published on {@link Topics#DELIVERIES} and the dead-letter topic.
 */
class ConnectorWorkerIT {

    private static final String CHANNEL = Channels.PORTAL;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static TestKafka kafka;
    private static final EventCodec codec = new EventCodec();
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static final FakeConnector connector = new FakeConnector(CHANNEL);
    private static KafkaDeliveryStateStore store;
    private static TopicRecorder deliveries;
    private static TopicRecorder deadLetters;
    private static ConnectorWorker worker;

    @BeforeAll
    static void startWorker() {
        kafka = TestKafka.start(CHANNEL);
        store = kafka.startStore(codec);
        deliveries = kafka.record(Topics.DELIVERIES);
        deadLetters = kafka.record(Topics.deadLetter(CHANNEL));
        WorkerSettings settings = new WorkerSettings(2, 4, 3, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ZERO, 0, null, Duration.ZERO);
        worker = new ConnectorWorker(connector, settings, kafka.consumerFactory(), kafka.template(), store, codec,
                new WorkerMetrics(registry), Clock.systemUTC());
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
    void deliversAnEventForItsChannelOnceAndReportsDeliveringThenDelivered() throws Exception {
        String id = Events.newItemId();
        ItemEvent notForUs = Events.event(ItemAction.PUBLISH, id, 1, Events.AGENCY, Channels.WECHAT, Channels.WEIBO);
        ItemEvent event = Events.event(ItemAction.UPDATE, id, 2, Events.AGENCY, Channels.WECHAT, CHANNEL);

        send(notForUs);
        send(event);

        DeliveryEvent delivered = awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.DELIVERED);
        assertThat(reports(id)).allSatisfy(report -> {
            assertThat(report.version()).isEqualTo(2);
            assertThat(report.channel()).isEqualTo(CHANNEL);
            assertThat(report.agency()).isEqualTo(Events.AGENCY);
            assertThat(report.action()).isEqualTo(ItemAction.UPDATE);
            assertThat(report.requestedAt()).isEqualTo(event.occurredAt());
        });
        DeliveryReceipt receipt = FakeConnector.receipt(event);
        assertThat(delivered.ref()).isEqualTo(receipt.ref());
        assertThat(delivered.url()).isEqualTo(receipt.url());
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.error()).isNull();
        assertThat(connector.calls(id)).containsExactly(new Call(Kind.DELIVER, id, 2, event.eventId()));
    }

    @Test
    void retriesRetriableFailuresAndCountsTheRetries() throws Exception {
        String id = Events.newItemId();
        connector.onDeliver(id, retriable("busy"), retriable("busy"));
        double retriesBefore = counter("tongfa.delivery.retries", "channel", CHANNEL);

        send(Events.publish(id, CHANNEL));

        DeliveryEvent delivered = awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(3);
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.DELIVERED);
        assertThat(connector.kinds(id)).containsExactly(Kind.DELIVER, Kind.DELIVER, Kind.DELIVER);
        assertThat(counter("tongfa.delivery.retries", "channel", CHANNEL) - retriesBefore).isEqualTo(2.0);
    }

    @Test
    void recordsAPermanentFailureWithItsCodeAndDeadLettersTheEvent() throws Exception {
        String id = Events.newItemId();
        String agency = "agency-" + UUID.randomUUID();
        connector.onDeliver(id, event -> {
            throw new PermanentDeliveryException("40001", "正文含有不允许的外链");
        });
        ItemEvent event = Events.event(ItemAction.PUBLISH, id, 1, agency, CHANNEL);

        send(event);

        DeliveryEvent failed = awaitReport(id, DeliveryOutcome.FAILED);
        assertThat(failed.error()).contains("正文含有不允许的外链");
        assertThat(failed.errorCode()).isEqualTo("40001");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.FAILED);
        assertThat(connector.kinds(id)).containsExactly(Kind.DELIVER);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(id);
        assertThat(codec.readItem(dead.value()).eventId()).isEqualTo(event.eventId());
        assertThat(header(dead, ConnectorWorker.HEADER_ERROR)).contains("正文含有不允许的外链");
        assertThat(header(dead, ConnectorWorker.HEADER_ERROR_CODE)).isEqualTo("40001");
        assertThat(dead.headers().lastHeader(ConnectorWorker.HEADER_POISON)).isNull();
        assertThat(counter("tongfa.deliveries", "channel", CHANNEL, "agency", agency, "outcome", "FAILED"))
                .isEqualTo(1.0);
    }

    @Test
    void failsAndDeadLettersWhenTheRetryBudgetRunsOut() throws Exception {
        String id = Events.newItemId();
        connector.onDeliver(id, retriable("503"), retriable("503"), retriable("502"));

        send(Events.publish(id, CHANNEL));

        DeliveryEvent failed = awaitReport(id, DeliveryOutcome.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).contains("502 from the channel");
        assertThat(failed.errorCode()).isEqualTo("502");
        assertThat(connector.deliverCalls(id)).isEqualTo(3);
        assertThat(header(awaitDeadLetter(id), ConnectorWorker.HEADER_ERROR)).contains("502 from the channel");
    }

    @Test
    void failsAtOnceWhenTheChannelAsksForALongerWaitThanAllowed() throws Exception {
        String id = Events.newItemId();
        connector.onDeliver(id, event -> {
            throw new RetriableDeliveryException("45009", "接口调用超过限额", Duration.ofMinutes(30), null);
        });

        send(Events.publish(id, CHANNEL));

        DeliveryEvent failed = awaitReport(id, DeliveryOutcome.FAILED);
        assertThat(failed.error()).contains("接口调用超过限额", "30分钟");
        assertThat(connector.deliverCalls(id)).isEqualTo(1);
        awaitDeadLetter(id);
    }

    @Test
    void anUnconfirmedCallThatTheLookupFindsIsDeliveredWithoutASecondCall() throws Exception {
        String id = Events.newItemId();
        connector.onDeliver(id, unconfirmed()).onLookup(id, Lookup.found(new DeliveryReceipt("found-1", "u")));

        send(Events.publish(id, CHANNEL));

        DeliveryEvent delivered = awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(delivered.ref()).isEqualTo("found-1");
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(connector.kinds(id)).containsExactly(Kind.DELIVER, Kind.LOOKUP);
    }

    @Test
    void anUnconfirmedCallThatTheLookupDoesNotFindIsMadeAgain() throws Exception {
        String id = Events.newItemId();
        connector.onDeliver(id, unconfirmed()).onLookup(id, Lookup.notFound());

        ItemEvent event = Events.publish(id, CHANNEL);
        send(event);

        DeliveryEvent delivered = awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(delivered.ref()).isEqualTo(FakeConnector.receipt(event).ref());
        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(connector.kinds(id)).containsExactly(Kind.DELIVER, Kind.LOOKUP, Kind.DELIVER);
    }

    @Test
    void anUnconfirmedCallThatTheLookupCannotSettleIsReportedUnconfirmed() throws Exception {
        String id = Events.newItemId();
        Lookup cannotTell = Lookup.unknown("门户不支持查询");
        connector.onDeliver(id, unconfirmed()).onLookup(id, cannotTell, cannotTell, cannotTell, cannotTell,
                cannotTell, cannotTell, cannotTell, cannotTell, cannotTell);

        send(Events.publish(id, CHANNEL));

        DeliveryEvent unconfirmed = awaitReport(id, DeliveryOutcome.UNCONFIRMED);
        assertThat(unconfirmed.error()).contains("读取超时", "门户不支持查询");
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.UNCONFIRMED);
        // While the channel cannot tell, the worker keeps asking for the rest of its budget, but never posts again.
        List<Kind> kinds = connector.kinds(id);
        assertThat(kinds.get(0)).isEqualTo(Kind.DELIVER);
        assertThat(kinds.subList(1, kinds.size())).isNotEmpty().containsOnly(Kind.LOOKUP);
    }

    @Test
    void theSameEventSeenAgainIsReportedAgainWithoutCallingTheChannel() throws Exception {
        String id = Events.newItemId();
        ItemEvent event = Events.publish(id, CHANNEL);
        byte[] bytes = codec.write(event);

        kafka.send(Topics.ITEMS, id, bytes);
        awaitReport(id, DeliveryOutcome.DELIVERED);
        kafka.send(Topics.ITEMS, id, bytes);

        await().atMost(PATIENCE).until(() -> outcomes(id).size() == 3);
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERING, DeliveryOutcome.DELIVERED,
                DeliveryOutcome.DELIVERED);
        assertThat(reports(id).get(2).ref()).isEqualTo(FakeConnector.receipt(event).ref());
        assertThat(connector.kinds(id)).containsExactly(Kind.DELIVER);
    }

    @Test
    void anAttemptLeftDeliveringByADeadWorkerIsLookedUpAndNotPostedAgain() throws Exception {
        String id = Events.newItemId();
        ItemEvent event = Events.publish(id, CHANNEL);
        leftDelivering(event);
        connector.onLookup(id, Lookup.found(new DeliveryReceipt("posted-before-crash", null)));

        send(event);

        DeliveryEvent delivered = awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(delivered.ref()).isEqualTo("posted-before-crash");
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(outcomes(id)).containsExactly(DeliveryOutcome.DELIVERED);
        assertThat(connector.kinds(id)).containsExactly(Kind.LOOKUP);
    }

    @Test
    void anAttemptLeftDeliveringThatTheChannelDoesNotHoldIsMadeAgainAfterTheLookup() throws Exception {
        String id = Events.newItemId();
        ItemEvent event = Events.publish(id, CHANNEL);
        leftDelivering(event);
        connector.onLookup(id, Lookup.notFound());

        send(event);

        DeliveryEvent delivered = awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(connector.kinds(id)).containsExactly(Kind.LOOKUP, Kind.DELIVER);
    }

    @Test
    void anAttemptLeftDeliveringThatCannotBeLookedUpIsNeverPostedBlindly() throws Exception {
        String id = Events.newItemId();
        ItemEvent event = Events.publish(id, CHANNEL);
        leftDelivering(event);

        send(event);

        DeliveryEvent unconfirmed = awaitReport(id, DeliveryOutcome.UNCONFIRMED);
        assertThat(unconfirmed.error()).contains("no look-up scripted");
        assertThat(connector.kinds(id)).containsExactly(Kind.LOOKUP, Kind.LOOKUP, Kind.LOOKUP);
    }

    @Test
    void parksAnUnreadableRecordAndDeliversTheRecordsAfterIt() throws Exception {
        String id = Events.newItemId();
        byte[] garbage = "{\"eventId\": \u0000 not an item".getBytes(StandardCharsets.UTF_8);
        double poisonBefore = counter("tongfa.connector.poison", "channel", CHANNEL);

        // Same key, so the same partition: the valid records queue behind the poison.
        kafka.send(Topics.ITEMS, id, garbage);
        send(Events.event(ItemAction.PUBLISH, id, 1, Events.AGENCY, CHANNEL));
        send(Events.event(ItemAction.UPDATE, id, 2, Events.AGENCY, CHANNEL));

        await().atMost(PATIENCE).until(() -> reports(id).stream()
                .filter(report -> report.outcome() == DeliveryOutcome.DELIVERED)
                .map(DeliveryEvent::version).toList(), versions -> versions.containsAll(List.of(1, 2)));
        ConsumerRecord<String, byte[]> parked = awaitDeadLetter(id);
        assertThat(parked.value()).isEqualTo(garbage);
        assertThat(header(parked, ConnectorWorker.HEADER_POISON)).isEqualTo("true");
        assertThat(header(parked, ConnectorWorker.HEADER_ERROR)).contains("ItemEvent");
        assertThat(counter("tongfa.connector.poison", "channel", CHANNEL) - poisonBefore).isEqualTo(1.0);
        assertThat(connector.calls(id)).extracting(Call::version).containsExactly(1, 2);
    }

    @Test
    void recordsOutcomesByAgencyAndTheLatencyFromPublication() throws Exception {
        String id = Events.newItemId();
        String agency = "agency-" + UUID.randomUUID();
        Instant publishedFiveSecondsAgo = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        Timer latency = registry.get("tongfa.delivery.latency").tag("channel", CHANNEL).timer();
        long countBefore = latency.count();
        double secondsBefore = latency.totalTime(TimeUnit.SECONDS);

        send(Events.event(ItemAction.PUBLISH, id, 1, agency, publishedFiveSecondsAgo, CHANNEL));

        awaitReport(id, DeliveryOutcome.DELIVERED);
        assertThat(counter("tongfa.deliveries", "channel", CHANNEL, "agency", agency, "outcome", "DELIVERED"))
                .isEqualTo(1.0);
        assertThat(latency.count() - countBefore).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.SECONDS) - secondsBefore).isBetween(5.0, 60.0);
    }

    @Test
    void aWithdrawalIsReportedWithdrawn() throws Exception {
        String id = Events.newItemId();
        String agency = "agency-" + UUID.randomUUID();

        send(Events.event(ItemAction.WITHDRAW, id, 1, agency, CHANNEL));

        DeliveryEvent withdrawn = awaitReport(id, DeliveryOutcome.WITHDRAWN);
        assertThat(withdrawn.action()).isEqualTo(ItemAction.WITHDRAW);
        assertThat(counter("tongfa.deliveries", "channel", CHANNEL, "agency", agency, "outcome", "WITHDRAWN"))
                .isEqualTo(1.0);
    }

    private static void send(ItemEvent event) throws Exception {
        kafka.send(Topics.ITEMS, event.itemId(), codec.write(event));
    }

    /** What a worker that died during the channel call leaves behind. */
    private static void leftDelivering(ItemEvent event) {
        String key = DeliveryStateStore.key(CHANNEL, event.itemId(), event.version(), event.action().name());
        store.put(key, new DeliveryState(event.eventId(), DeliveryOutcome.DELIVERING, null, null, 1, null, null))
                .join();
    }

    /** The worker's reports on one item, in order, each checked against the published schema. */
    private static List<DeliveryEvent> reports(String itemId) {
        return deliveries.forKey(itemId).stream()
                .map(record -> {
                    Schemas.assertValid(Schemas.DELIVERY_EVENT, record.value());
                    return codec.readDelivery(record.value());
                })
                .toList();
    }

    private static List<DeliveryOutcome> outcomes(String itemId) {
        return reports(itemId).stream().map(DeliveryEvent::outcome).toList();
    }

    private static DeliveryEvent awaitReport(String itemId, DeliveryOutcome outcome) {
        return await().atMost(PATIENCE).until(
                () -> reports(itemId).stream().filter(report -> report.outcome() == outcome).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String itemId) {
        return await().atMost(PATIENCE).until(() -> deadLetters.forKey(itemId), records -> !records.isEmpty())
                .get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static FakeConnector.Step retriable(String code) {
        return event -> {
            throw new RetriableDeliveryException(code, code + " from the channel", null);
        };
    }

    private static FakeConnector.Step unconfirmed() {
        return event -> {
            throw new UnconfirmedDeliveryException("读取超时", new java.net.SocketTimeoutException("Read timed out"));
        };
    }
}
