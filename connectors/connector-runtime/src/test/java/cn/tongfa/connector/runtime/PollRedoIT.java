package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.Topics;

/**
 * A poll is redone (its error handler seeks back) when an outcome could not be made durable. Other items of that
 * poll may still be inside their channel call then, with a DELIVERING mark the channel cannot confirm yet (WeChat
 * lists an article only once its publish job has finished). The redo must wait for them, not look them up and
 * post a second time: the double WeChat post seen once in CI.
 */
class PollRedoIT {

    private static final String CHANNEL = Channels.WECHAT;
    private static final WorkerSettings SETTINGS = new WorkerSettings(1, 8, 3, Duration.ofMillis(20),
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

    /** A channel that lists a post only once its (slow) publication has finished, like WeChat's batchget. */
    private static final class SlowChannel implements ChannelConnector {
        final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
        final Map<String, Boolean> listed = new ConcurrentHashMap<>();
        final String slowItem;

        SlowChannel(String slowItem) {
            this.slowItem = slowItem;
        }

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public DeliveryReceipt deliver(ItemEvent event) {
            posts.computeIfAbsent(event.itemId(), id -> new AtomicInteger()).incrementAndGet();
            if (event.itemId().equals(slowItem)) {
                try {
                    // The channel's own latency (a WeChat job under review), not a wait of the test: the call must
                    // still be running when the poll is redone, a second after the refusal.
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            listed.put(event.itemId(), true);
            return new DeliveryReceipt("post-" + event.itemId(), null);
        }

        @Override
        public Lookup lookup(ItemEvent event) {
            return listed.containsKey(event.itemId())
                    ? Lookup.found(new DeliveryReceipt("post-" + event.itemId(), null))
                    : Lookup.notFound();
        }
    }

    /** The real store, except that the first DELIVERING mark of one delivery is refused, as a broker might. */
    private static final class RefusingOnce implements DeliveryStateStore {
        private final DeliveryStateStore store;
        private final String refusedKey;
        private final AtomicBoolean refused = new AtomicBoolean();

        RefusingOnce(DeliveryStateStore store, String refusedKey) {
            this.store = store;
            this.refusedKey = refusedKey;
        }

        @Override
        public DeliveryState get(String key) {
            return store.get(key);
        }

        @Override
        public CompletableFuture<Void> put(String key, DeliveryState state) {
            if (key.equals(refusedKey) && state.outcome() == DeliveryOutcome.DELIVERING
                    && refused.compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(new IllegalStateException("NOT_ENOUGH_REPLICAS (injected)"));
            }
            return store.put(key, state);
        }

        @Override
        public void awaitCaughtUp() {
            store.awaitCaughtUp();
        }

        @Override
        public Map<String, DeliveryState> withPrefix(String prefix) {
            return store.withPrefix(prefix);
        }
    }

    @Test
    void aRedonePollWaitsForTheCallsStillRunningAndPostsNothingTwice() throws Exception {
        // Two items in one partition, so one poll carries both: the first one's mark is refused, the second is slow.
        String refusedItem = Events.newItemId();
        String slowItem = Events.newItemId();
        while (ConnectorWorker.partitionOf(slowItem, TestKafka.PARTITIONS)
                != ConnectorWorker.partitionOf(refusedItem, TestKafka.PARTITIONS)) {
            slowItem = Events.newItemId();
        }
        String slowId = slowItem;
        ItemEvent refused = Events.publish(refusedItem, CHANNEL);
        ItemEvent slow = Events.publish(slowId, CHANNEL);
        kafka.send(Topics.ITEMS, refusedItem, codec.write(refused));
        kafka.send(Topics.ITEMS, slowId, codec.write(slow));

        SlowChannel channel = new SlowChannel(slowId);
        DeliveryStateStore store = new RefusingOnce(kafka.startStore(codec), key(refused));
        ConnectorWorker worker = kafka.worker(channel, SETTINGS, store);
        worker.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(refusedItem) && delivered(slowId));
            // A wrong second call would come with the redo, a second after the refusal: the counts must hold meanwhile.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> channel.posts.get(slowId).get() == 1 && channel.posts.get(refusedItem).get() == 1);
            assertThat(channel.posts.get(slowId)).as("posts of the item whose call was running").hasValue(1);
            assertThat(channel.posts.get(refusedItem)).as("posts of the item whose mark was refused").hasValue(1);
        } finally {
            worker.stop();
        }
    }

    private static String key(ItemEvent event) {
        return DeliveryStateStore.key(CHANNEL, event.itemId(), event.version(), event.action().name());
    }

    private boolean delivered(String itemId) {
        List<DeliveryEvent> reports = deliveries.forKey(itemId).stream()
                .map(record -> codec.readDelivery(record.value())).toList();
        return reports.stream().anyMatch(report -> report.outcome() == DeliveryOutcome.DELIVERED);
    }
}
