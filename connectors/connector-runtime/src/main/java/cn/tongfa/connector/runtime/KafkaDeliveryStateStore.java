package cn.tongfa.connector.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import cn.tongfa.connector.api.Topics;

/**
 * A {@link DeliveryStateStore} on the compacted topic {@link Topics#DELIVERY_STATE}, read whole into memory
 * by one reader thread (the way Kafka Connect keeps its offsets and configs), written through by the
 * workers. Any worker of any process sees the attempts of the others once {@link #awaitCaughtUp()} returns,
 * which the workers call when they are given partitions.
 *
 * <p>Memory stays bounded by what is in flight, not by the history: deliveries under way, waiting, failed or in
 * doubt are kept whole, and so are the most recently settled ones (DELIVERED, WITHDRAWN), up to
 * {@code keptWhole}; older settled ones shrink to a few dozen bytes in {@link SettledDeliveries}, still
 * settled for any worker that sees their record again. They are never forgotten: forgetting one would let a
 * redelivered record post it a second time.
 */
public final class KafkaDeliveryStateStore implements DeliveryStateStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaDeliveryStateStore.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    /** Settled deliveries kept whole (with ref and URL) by default: the last few minutes at full speed. */
    public static final int DEFAULT_KEPT_WHOLE = 20_000;

    private record Versioned(long offset, DeliveryState state) {
    }

    private final KafkaTemplate<String, byte[]> template;
    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final EventCodec codec;
    private final int keptWhole;
    /** Guards {@link #states}, {@link #settled} and {@link #recentlySettled}. */
    private final Object lock = new Object();
    private final Map<String, Versioned> states = new HashMap<>();
    private final SettledDeliveries settled = new SettledDeliveries();
    /** Keys settled in {@link #states}, oldest first: the next to be compacted. */
    private final ArrayDeque<String> recentlySettled = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUpRequests = new ConcurrentLinkedQueue<>();
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread reader;

    /**
     * @param template        producer for state writes (acks=all)
     * @param consumerFactory makes the reader's consumer; it must have no group id and no auto-commit
     * @param codec           the JSON codec
     */
    public KafkaDeliveryStateStore(KafkaTemplate<String, byte[]> template,
            Supplier<Consumer<String, byte[]>> consumerFactory, EventCodec codec) {
        this(template, consumerFactory, codec, DEFAULT_KEPT_WHOLE);
    }

    /** @param keptWhole how many settled deliveries to keep whole before compacting the oldest */
    public KafkaDeliveryStateStore(KafkaTemplate<String, byte[]> template,
            Supplier<Consumer<String, byte[]>> consumerFactory, EventCodec codec, int keptWhole) {
        this.template = template;
        this.consumerFactory = consumerFactory;
        this.codec = codec;
        this.keptWhole = Math.max(0, keptWhole);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = consumerFactory.get();
        reader = new Thread(this::readLoop, "tongfa-delivery-state-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public DeliveryState get(String key) {
        synchronized (lock) {
            Versioned versioned = states.get(key);
            if (versioned != null) {
                return versioned.state();
            }
            SettledDeliveries.Entry compacted = settled.get(key);
            return compacted == null ? null : compacted.state();
        }
    }

    @Override
    public CompletableFuture<Void> put(String key, DeliveryState state) {
        return template.send(Topics.DELIVERY_STATE, key, codec.write(state))
                .thenAccept(result -> apply(key, result.getRecordMetadata().offset(), state));
    }

    @Override
    public void awaitCaughtUp() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        catchUpRequests.add(request);
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            request.get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the delivery state", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the delivery state topic " + Topics.DELIVERY_STATE, e);
        }
    }

    /** {@inheritDoc} Settled deliveries compacted already are not listed: only their keys' digests are left. */
    @Override
    public Map<String, DeliveryState> withPrefix(String prefix) {
        Map<String, DeliveryState> found = new HashMap<>();
        synchronized (lock) {
            states.forEach((key, versioned) -> {
                if (key.startsWith(prefix)) {
                    found.put(key, versioned.state());
                }
            });
        }
        return found;
    }

    /** How many deliveries the store knows of. */
    public int size() {
        synchronized (lock) {
            return states.size() + settled.size();
        }
    }

    /** How many of them are kept whole (the others are settled and compacted). */
    public int wholeCount() {
        synchronized (lock) {
            return states.size();
        }
    }

    private void apply(String key, long offset, DeliveryState state) {
        synchronized (lock) {
            Versioned whole = states.get(key);
            SettledDeliveries.Entry compacted = whole == null ? settled.get(key) : null;
            // Offsets order the writes of one key (same key, same partition): never let an older one win. A
            // record applied already (written here, then read back by the reader) changes nothing either.
            if (whole != null && offset <= whole.offset()
                    || compacted != null && offset <= compacted.offset()) {
                return;
            }
            if (compacted != null) {
                settled.remove(key);
            }
            states.put(key, new Versioned(offset, state));
            if (state.settled()) {
                recentlySettled.add(key);
                compactOldest();
            }
        }
    }

    /** Whether the key's state at this offset, or a later one, is applied already. */
    private boolean applied(String key, long offset) {
        synchronized (lock) {
            Versioned whole = states.get(key);
            if (whole != null) {
                return whole.offset() >= offset;
            }
            SettledDeliveries.Entry compacted = settled.get(key);
            return compacted != null && compacted.offset() >= offset;
        }
    }

    private void forget(String key) {
        synchronized (lock) {
            states.remove(key);
            settled.remove(key);
        }
    }

    private void compactOldest() {
        while (recentlySettled.size() > keptWhole) {
            String oldest = recentlySettled.poll();
            Versioned versioned = states.get(oldest);
            // Skipped when the key changed since (or was settled twice and compacted at its first turn).
            if (versioned != null && versioned.state().settled()) {
                states.remove(oldest);
                settled.put(oldest, versioned.offset(), versioned.state().outcome(), versioned.state().attempts());
            }
        }
    }

    private void readLoop() {
        Consumer<String, byte[]> c = consumer;
        Map<TopicPartition, Long> targets = null;
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        long failures = 0;
        try {
            while (running) {
                try {
                    if (c.assignment().isEmpty() || !catchUpRequests.isEmpty()
                            || (targets == null && !waiting.isEmpty())) {
                        CompletableFuture<Void> next;
                        while ((next = catchUpRequests.poll()) != null) {
                            waiting.add(next);
                        }
                        // Nobody waiting is released before the end offsets are known anew: the wake-up of a
                        // request taken above may interrupt the look-up below, and the next round redoes it.
                        targets = null;
                        List<TopicPartition> now = partitions(c);
                        if (!new HashSet<>(now).equals(c.assignment())) {
                            List<TopicPartition> added = now.stream()
                                    .filter(partition -> !c.assignment().contains(partition))
                                    .toList();
                            c.assign(now);
                            // Whatever the consumer's reset policy, a new partition is read from its beginning.
                            c.seekToBeginning(added);
                        }
                        targets = new HashMap<>(c.endOffsets(now));
                    }
                    if (!c.assignment().isEmpty()) {
                        read(c.poll(Duration.ofMillis(200)));
                    } else {
                        // The topic does not exist yet: nothing was ever written, so nothing is missing.
                        Thread.sleep(200);
                    }
                    if (targets != null && caughtUp(c, targets)) {
                        waiting.forEach(f -> f.complete(null));
                        waiting.clear();
                        targets = null;
                    }
                    failures = 0;
                } catch (WakeupException e) {
                    // A catch-up request or close() woke the consumer; the loop decides what to do.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    failures++;
                    log.warn("delivery state reader failed ({} in a row), retrying: {}", failures, e.toString());
                    Thread.sleep(Math.min(10_000, 200L << Math.min(failures, 6)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            IllegalStateException stopped = new IllegalStateException("the delivery state reader stopped");
            waiting.forEach(f -> f.completeExceptionally(stopped));
            catchUpRequests.forEach(f -> f.completeExceptionally(stopped));
            c.close(Duration.ofSeconds(1));
        }
    }

    private void read(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            if (record.value() == null) {
                forget(record.key());
                continue;
            }
            if (applied(record.key(), record.offset())) {
                // This process wrote it and applied it when Kafka acknowledged it: no need to read it again.
                continue;
            }
            try {
                apply(record.key(), record.offset(), codec.read(record.value(), DeliveryState.class));
            } catch (EventCodec.MalformedEventException e) {
                log.warn("skipping unreadable delivery state {} at {}-{}: {}", record.key(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    private static List<TopicPartition> partitions(Consumer<String, byte[]> c) {
        return c.partitionsFor(Topics.DELIVERY_STATE).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private static boolean caughtUp(Consumer<String, byte[]> c, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (c.position(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
