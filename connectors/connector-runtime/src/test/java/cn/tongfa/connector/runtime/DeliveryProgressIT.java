package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.DeliveryProgress;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.Topics;

/**
 * What a connector records with {@link DeliveryProgress} during a call is on the state log when
 * {@code record} returns, and a worker of a new process that finds the call cut off hands it to the look-up:
 * a channel that accepted a job but does not list it yet (WeChat under review) can be asked about that job.
 */
class DeliveryProgressIT {

    private static final String CHANNEL = Channels.WECHAT;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WorkerSettings SETTINGS = new WorkerSettings(1, 4, 3, Duration.ofMillis(20),
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

    /** The process dies inside the channel call, after the channel accepted the job. */
    private static final class Crash extends Error {
        Crash() {
            super("the connector process died");
        }
    }

    /** Records a job id, then dies (the first process), or answers look-ups (its successor). */
    private static final class JobConnector implements ChannelConnector {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> lookedUpWith = new CopyOnWriteArrayList<>();
        final AtomicReference<DeliveryState> durableAfterRecord = new AtomicReference<>();
        private final DeliveryStateStore probe;

        JobConnector(DeliveryStateStore probe) {
            this.probe = probe;
        }

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public DeliveryReceipt deliver(ItemEvent event) {
            throw new AssertionError("the host must call deliver(event, progress)");
        }

        @Override
        public DeliveryReceipt deliver(ItemEvent event, DeliveryProgress progress) {
            calls.add("deliver");
            progress.record("media_id", "draft-" + event.itemId());
            progress.record("publish_id", "job-" + event.itemId());
            // Another reader of the state log (as a new process would build it) sees the notes at once.
            probe.awaitCaughtUp();
            durableAfterRecord.set(probe.get(key(event)));
            throw new Crash();
        }

        @Override
        public Lookup lookup(ItemEvent event) {
            throw new AssertionError("the host must call lookup(event, progress)");
        }

        @Override
        public Lookup lookup(ItemEvent event, Map<String, String> progress) {
            calls.add("lookup");
            lookedUpWith.add(progress);
            return progress.containsKey("publish_id")
                    ? Lookup.found(new DeliveryReceipt("article-" + progress.get("publish_id"), null))
                    : Lookup.notFound();
        }
    }

    @Test
    void progressRecordedBeforeACrashReachesTheSuccessorsLookupAndNothingIsPostedAgain() throws Exception {
        ItemEvent event = Events.publish(Events.newItemId(), CHANNEL);
        JobConnector first = new JobConnector(kafka.startStore(codec));
        KafkaDeliveryStateStore firstStore = kafka.startStore(codec);
        ConnectorWorker firstWorker = worker(first, firstStore);
        firstWorker.start();
        send(event);

        await().atMost(PATIENCE).until(() -> first.durableAfterRecord.get() != null);
        firstWorker.stop();
        firstStore.close();
        DeliveryState left = first.durableAfterRecord.get();
        assertThat(left.outcome()).isEqualTo(DeliveryOutcome.DELIVERING);
        assertThat(left.eventId()).isEqualTo(event.eventId());
        assertThat(left.progress()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "media_id", "draft-" + event.itemId(), "publish_id", "job-" + event.itemId()));
        assertThat(first.calls).startsWith("deliver").doesNotContain("lookup");

        // A new process: its own store read from the topic, its own connector, the same consumer group.
        JobConnector successor = new JobConnector(kafka.startStore(codec));
        ConnectorWorker secondWorker = worker(successor, kafka.startStore(codec));
        secondWorker.start();
        try {
            await().atMost(PATIENCE).until(() -> outcomes(event).contains(DeliveryOutcome.DELIVERED));
            assertThat(successor.calls).containsOnly("lookup");
            assertThat(successor.lookedUpWith).first().isEqualTo(Map.of(
                    "media_id", "draft-" + event.itemId(), "publish_id", "job-" + event.itemId()));
            assertThat(reports(event)).filteredOn(report -> report.outcome() == DeliveryOutcome.DELIVERED)
                    .first().satisfies(report -> assertThat(report.ref()).isEqualTo("article-job-" + event.itemId()));
        } finally {
            secondWorker.stop();
        }
    }

    /**
     * Uploads a file before it posts, as the WeChat connector uploads a cover: a file recalled from an earlier
     * attempt is reused, anything else is uploaded (counted) and recorded. What each attempt does after the upload
     * is the test's script: fail retriably, fail for good, die, or post.
     */
    private static final class UploadingConnector implements ChannelConnector {
        final List<String> uploads = new CopyOnWriteArrayList<>();
        final List<String> used = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> lookedUpWith = new CopyOnWriteArrayList<>();
        private final java.util.Deque<String> script;

        UploadingConnector(String... script) {
            this.script = new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(script));
        }

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public DeliveryReceipt deliver(ItemEvent event) {
            throw new AssertionError("the host must call deliver(event, progress)");
        }

        @Override
        public DeliveryReceipt deliver(ItemEvent event, DeliveryProgress progress)
                throws RetriableDeliveryException, PermanentDeliveryException {
            String material = progress.recalled("upload:cover");
            if (material == null) {
                material = "material-" + (uploads.size() + 1);
                uploads.add(material);
                progress.record("upload:cover", material);
            }
            used.add(material);
            String next = script.poll();
            switch (next == null ? "post" : next) {
                case "retriable" -> throw new RetriableDeliveryException(null, "草稿接口暂时不可用", null);
                case "permanent" -> throw new PermanentDeliveryException("45166", "内容不合规");
                case "crash" -> throw new Crash();
                default -> {
                    return new DeliveryReceipt("post-" + material, null);
                }
            }
        }

        @Override
        public Lookup lookup(ItemEvent event, Map<String, String> progress) {
            lookedUpWith.add(progress);
            return Lookup.notFound();
        }
    }

    @Test
    void anUploadRecordedBeforeARetryAFailureOrACrashIsRecalledByEveryLaterAttemptInsteadOfRepeated()
            throws Exception {
        ItemEvent event = Events.publish(Events.newItemId(), CHANNEL);
        // One retriable failure, then one for good: the delivery fails after two calls.
        UploadingConnector first = new UploadingConnector("retriable", "permanent");
        KafkaDeliveryStateStore firstStore = kafka.startStore(codec);
        ConnectorWorker firstWorker = worker(first, firstStore);
        firstWorker.start();
        send(event);
        await().atMost(PATIENCE).until(() -> outcomes(event).contains(DeliveryOutcome.FAILED));
        assertThat(first.uploads).containsExactly("material-1");
        assertThat(first.used).containsExactly("material-1", "material-1");

        // An operator's replay: a new request for the same version. It dies after its (reused) upload.
        UploadingConnector replaying = new UploadingConnector("crash");
        firstWorker.stop();
        ConnectorWorker replayWorker = worker(replaying, firstStore);
        replayWorker.start();
        ItemEvent replay = new ItemEvent(java.util.UUID.randomUUID().toString(), ItemAction.PUBLISH, event.itemId(),
                event.version(), event.agency(), event.channels(), event.item(), event.occurredAt());
        send(replay);
        await().atMost(PATIENCE).until(() -> replaying.used.size() == 1);
        replayWorker.stop();
        firstStore.close();
        assertThat(replaying.uploads).isEmpty();
        assertThat(replaying.used).containsExactly("material-1");

        // A new process finds the replay cut off: the look-up sees only that attempt's own notes (none), and the
        // attempt it then makes still reuses the first attempt's upload.
        UploadingConnector successor = new UploadingConnector();
        ConnectorWorker secondWorker = worker(successor, kafka.startStore(codec));
        secondWorker.start();
        try {
            await().atMost(PATIENCE).until(() -> outcomes(event).contains(DeliveryOutcome.DELIVERED));
            assertThat(successor.lookedUpWith).first().isEqualTo(Map.of());
            assertThat(successor.uploads).isEmpty();
            assertThat(successor.used).containsExactly("material-1");
            assertThat(reports(event)).filteredOn(report -> report.outcome() == DeliveryOutcome.DELIVERED)
                    .singleElement().satisfies(report -> assertThat(report.ref()).isEqualTo("post-material-1"));
        } finally {
            secondWorker.stop();
        }
    }

    private static String key(ItemEvent event) {
        return DeliveryStateStore.key(CHANNEL, event.itemId(), event.version(), event.action().name());
    }

    private static ConnectorWorker worker(ChannelConnector connector, DeliveryStateStore store) {
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
}
