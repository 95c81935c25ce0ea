package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;

/**
 * A worker replaced by another (a redeploy, a crashed process): the successor rebuilds the delivery state
 * from the topic alone and must not post again what its predecessor posted, even when it re-reads every
 * item event from the beginning.
 */
class WorkerHandoverIT {

    private static final String CHANNEL = Channels.WEIBO;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WorkerSettings SETTINGS = new WorkerSettings(2, 4, 3, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ZERO, 0, null, Duration.ZERO);

    private static TestKafka kafka;
    private static TopicRecorder deliveries;
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start(CHANNEL);
        deliveries = kafka.record(Topics.DELIVERIES);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aSuccessorReReadingEveryEventDoesNotDeliverAgainWhatItsPredecessorSettled() throws Exception {
        handover(KafkaDeliveryStateStore.DEFAULT_KEPT_WHOLE);
    }

    /** The same with a successor that keeps no settled delivery whole: compacted, they are still settled. */
    @Test
    void aSuccessorThatCompactedEverySettledDeliveryDoesNotDeliverItAgainEither() throws Exception {
        handover(0);
    }

    private void handover(int successorKeepsWhole) throws Exception {
        ItemEvent delivered = Events.publish(Events.newItemId(), CHANNEL);
        ItemEvent alsoDelivered = Events.publish(Events.newItemId(), CHANNEL, Channels.PORTAL);
        ItemEvent failed = Events.publish(Events.newItemId(), CHANNEL);
        ItemEvent unconfirmed = Events.publish(Events.newItemId(), CHANNEL);
        List<ItemEvent> first = List.of(delivered, alsoDelivered, failed, unconfirmed);
        FakeConnector predecessor = new FakeConnector(CHANNEL)
                .onDeliver(failed.itemId(), event -> {
                    throw new PermanentDeliveryException("20012", "微博内容过长");
                })
                .onDeliver(unconfirmed.itemId(), event -> {
                    throw new UnconfirmedDeliveryException("读取超时", null);
                })
                .onLookup(unconfirmed.itemId(), Lookup.unknown("微博查询接口不可用"));
        KafkaDeliveryStateStore firstStore = kafka.startStore(codec);
        ConnectorWorker firstWorker = worker(predecessor, firstStore);
        firstWorker.start();
        for (ItemEvent event : first) {
            send(event);
        }
        await().atMost(PATIENCE).until(() -> first.stream().allMatch(event -> reports(event).size() == 2));
        firstWorker.stop();
        firstStore.close();
        // Four deliveries, then only look-ups for the one the channel cannot confirm.
        assertThat(predecessor.allCalls().stream().filter(call -> call.kind() == FakeConnector.Kind.DELIVER))
                .hasSize(4);

        rewindTheGroupToTheBeginning();
        FakeConnector successor = new FakeConnector(CHANNEL);
        ConnectorWorker secondWorker = worker(successor,
                new NotYetLoaded(kafka.startStore(codec, successorKeepsWhole)));
        secondWorker.start();
        try {
            ItemEvent next = Events.publish(Events.newItemId(), CHANNEL);
            send(next);

            await().atMost(PATIENCE).until(() -> outcomes(next).contains(DeliveryOutcome.DELIVERED)
                    && first.stream().allMatch(event -> reports(event).size() >= 3));
            assertThat(outcomes(delivered)).endsWith(DeliveryOutcome.DELIVERED);
            assertThat(outcomes(alsoDelivered)).endsWith(DeliveryOutcome.DELIVERED);
            assertThat(outcomes(failed)).endsWith(DeliveryOutcome.FAILED);
            assertThat(outcomes(unconfirmed)).endsWith(DeliveryOutcome.UNCONFIRMED);
            // A compacted delivery is reported again without its ref; the ledger keeps the first report's.
            assertThat(last(delivered).ref()).isEqualTo(
                    successorKeepsWhole > 0 ? FakeConnector.receipt(delivered).ref() : null);
            assertThat(successor.allCalls()).containsExactly(
                    new FakeConnector.Call(FakeConnector.Kind.DELIVER, next.itemId(), 1, next.eventId()));
        } finally {
            secondWorker.stop();
        }
    }

    /** What an operator does with kafka-consumer-groups --reset-offsets --to-earliest. */
    private static void rewindTheGroupToTheBeginning() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String group = ConnectorWorker.groupId(CHANNEL);
            Map<TopicPartition, OffsetAndMetadata> committed = await().atMost(PATIENCE).until(
                    () -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(),
                    offsets -> !offsets.isEmpty());
            assertThat(committed.values()).as("the first worker committed its progress")
                    .anyMatch(offset -> offset.offset() > 0);
            Map<TopicPartition, OffsetAndMetadata> beginning = committed.keySet().stream()
                    .collect(Collectors.toMap(Function.identity(), partition -> new OffsetAndMetadata(0)));
            // The group must be empty (the first worker's consumers gone) before its offsets can be moved.
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
                    () -> admin.alterConsumerGroupOffsets(group, beginning).all().get());
        }
    }

    /**
     * A store still loading the topic: it knows nothing until it has caught up, so a worker that did not wait
     * for it would post everything again.
     */
    private record NotYetLoaded(DeliveryStateStore store, AtomicBoolean loaded) implements DeliveryStateStore {

        NotYetLoaded(DeliveryStateStore store) {
            this(store, new AtomicBoolean());
        }

        @Override
        public DeliveryState get(String key) {
            return loaded.get() ? store.get(key) : null;
        }

        @Override
        public CompletableFuture<Void> put(String key, DeliveryState state) {
            return store.put(key, state);
        }

        @Override
        public void awaitCaughtUp() {
            store.awaitCaughtUp();
            loaded.set(true);
        }
    }

    private static ConnectorWorker worker(FakeConnector connector, DeliveryStateStore store) {
        return kafka.worker(connector, SETTINGS, store);
    }

    private void send(ItemEvent event) throws Exception {
        kafka.send(Topics.ITEMS, event.itemId(), codec.write(event));
    }

    private List<DeliveryEvent> reports(ItemEvent event) {
        return deliveries.forKey(event.itemId()).stream().map(record -> codec.readDelivery(record.value())).toList();
    }

    private List<DeliveryOutcome> outcomes(ItemEvent event) {
        return reports(event).stream().map(DeliveryEvent::outcome).toList();
    }

    private DeliveryEvent last(ItemEvent event) {
        List<DeliveryEvent> reports = reports(event);
        return reports.get(reports.size() - 1);
    }
}
