package cn.tongfa.connector.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import cn.tongfa.connector.api.AccountCheck;
import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.DeliveryProgress;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;

/**
 * Hosts one {@link ChannelConnector} on Kafka: consumes {@link Topics#ITEMS} in the connector's own consumer
 * group, hands each event for its channel to the connector, and reports every outcome on
 * {@link Topics#DELIVERIES}.
 *
 * <p>Guarantees. Offsets are committed only after the outcomes of a whole poll are durable (at-least-once).
 * Before a channel call the worker writes {@code DELIVERING} to the {@link DeliveryStateStore}; a record seen
 * again (after a crash or rebalance) finds that mark and is looked up on the channel, never posted blindly a
 * second time. A delivery that fails for good is reported {@code FAILED} with the channel's message and its
 * record is copied to the channel's dead-letter topic; an unreadable record is parked there too and never
 * blocks the partition.
 */
public final class ConnectorWorker {

    private static final Logger log = LoggerFactory.getLogger(ConnectorWorker.class);

    /** Headers on dead-letter records. */
    public static final String HEADER_ERROR = "tongfa-error";
    public static final String HEADER_ERROR_CODE = "tongfa-error-code";
    public static final String HEADER_POISON = "tongfa-poison";

    /** How often a start-up check of an account that the channel could not answer is made, and the first wait. */
    static final int CHECK_ROUNDS = 4;
    static final Duration RECHECK_AFTER = Duration.ofSeconds(10);

    /** How often a look-up that could not be answered is asked again before the delivery stays in doubt. */
    static final int LOOKUP_ATTEMPTS = 3;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final ChannelConnector connector;
    private final String channel;
    private final WorkerSettings settings;
    private final ConsumerFactory<String, byte[]> consumerFactory;
    private final KafkaTemplate<String, byte[]> template;
    private final DeliveryStateStore store;
    private final EventCodec codec;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final AccountPauses pauses = new AccountPauses();
    private final CircuitBreakers breakers;
    /** Answers of the start-up credential checks, per agency. */
    private final Map<String, AccountCheck> checks = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Deliveries being handled in this process. A second handler of the same delivery (a poll redone, a partition
     * handed between this process's consumers, a parked delivery resumed) waits for the first and continues from
     * its outcome: a DELIVERING mark of a call still running must never be taken for one cut off by a crash.
     */
    private final InFlightDeliveries inFlight = new InFlightDeliveries();
    private ConcurrentMessageListenerContainer<String, byte[]> container;
    private ExecutorService executor;
    private ScheduledExecutorService resumer;
    /** Sends the DELIVERING reports of calls still running after {@link WorkerSettings#announceAfter()}. */
    private ScheduledExecutorService announcer;

    public ConnectorWorker(ChannelConnector connector, WorkerSettings settings,
            ConsumerFactory<String, byte[]> consumerFactory, KafkaTemplate<String, byte[]> template,
            DeliveryStateStore store, EventCodec codec, WorkerMetrics metrics, Clock clock) {
        this.connector = connector;
        this.channel = connector.channel();
        this.settings = settings;
        this.consumerFactory = consumerFactory;
        this.template = template;
        this.store = store;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.breakers = new CircuitBreakers(settings.breakerThreshold(), settings.breakerCooldown());
    }

    /** The consumer group of a channel's connector; every process hosting it joins the same group. */
    public static String groupId(String channel) {
        return "tongfa-connector-" + channel;
    }

    public String channel() {
        return channel;
    }

    /** Whether the channel asked to leave the agency's account alone for now (a daily quota, a rate limit). */
    public boolean accountPaused(String agency) {
        return pauses.paused(agency, clock.instant());
    }

    /** The connector's {@link ChannelConnector#accountProblem(String)}: a missing or rejected credential, or null. */
    public String accountProblem(String agency) {
        return connector.accountProblem(agency);
    }

    /**
     * Checks each agency's credentials against the channel once ({@link ChannelConnector#checkAccount(String)}), in
     * the background and all at once: a slow or unreachable channel delays nothing, a refused credential shows in
     * {@link #accountStatus(String)} and {@link #accountProblem(String)} before the first publication. A check that
     * has not answered after {@code timeout} counts as unverified until its answer comes, if it does; a channel that
     * could not be asked is asked again ({@value #CHECK_ROUNDS} times in all, 10, 20, 30 s apart). Completes when
     * every agency has a first answer or has timed out.
     */
    public CompletableFuture<Void> checkAccounts(Collection<String> agencies, Duration timeout) {
        if (agencies.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CustomizableThreadFactory threads = new CustomizableThreadFactory("tongfa-" + channel + "-check-");
        threads.setDaemon(true);
        ExecutorService checker = Executors.newFixedThreadPool(Math.min(agencies.size(), 4), threads);
        List<CompletableFuture<AccountCheck>> all = new ArrayList<>();
        for (String agency : agencies) {
            CompletableFuture<AccountCheck> answer = CompletableFuture
                    .supplyAsync(() -> checkUntilAnswered(agency), checker)
                    .exceptionally(e -> AccountCheck.unverified("账号核验出错：" + e.getMessage()));
            answer.thenAccept(check -> settleCheck(agency, check));
            all.add(answer.copy().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(check -> {
                        if (check == null) {
                            AccountCheck late = AccountCheck.unverified(Channels.label(channel) + "在"
                                    + timeout.toSeconds() + "秒内未答复账号核验");
                            if (checks.putIfAbsent(agency, late) == null) {
                                log.warn("connector {}: account of {} {}: {}", channel, agency, late.state(),
                                        late.message());
                            }
                        }
                        return check;
                    }));
        }
        CompletableFuture<Void> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        // Checks still under way finish; the pool takes no new ones and its threads end with them.
        done.whenComplete((ignored, error) -> checker.shutdown());
        return done;
    }

    /**
     * Asks the channel until it answers about the credentials, a few times: a channel that is unreachable or busy
     * at start-up says nothing yet, and an account left unverified for good would hide a wrong credential.
     */
    private AccountCheck checkUntilAnswered(String agency) {
        AccountCheck check = null;
        for (int round = 1; round <= CHECK_ROUNDS; round++) {
            try {
                check = connector.checkAccount(agency);
            } catch (RuntimeException e) {
                check = AccountCheck.unverified("账号核验出错：" + e.getMessage());
            }
            if (check.state() != AccountCheck.State.UNVERIFIED || round == CHECK_ROUNDS) {
                return check;
            }
            settleCheck(agency, check);
            try {
                Thread.sleep(RECHECK_AFTER.toMillis() * round);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return check;
            }
        }
        return check;
    }

    private void settleCheck(String agency, AccountCheck check) {
        checks.put(agency, check);
        if (check.state() == AccountCheck.State.OK) {
            log.info("connector {}: account of {} accepted by the channel", channel, agency);
        } else {
            // The message names configuration keys, never their values.
            log.warn("connector {}: account of {} {}: {}", channel, agency, check.state(), check.message());
        }
    }

    /**
     * The account of this agency as far as this worker knows: a problem the connector reports (missing or refused
     * credentials, re-authorisation needed) wins; otherwise the answer of the start-up check.
     */
    public AccountStatus accountStatus(String agency) {
        String problem = connector.accountProblem(agency);
        if (problem != null) {
            return new AccountStatus(AccountStatus.State.PROBLEM, problem);
        }
        AccountCheck check = checks.get(agency);
        if (check == null) {
            return new AccountStatus(AccountStatus.State.CHECKING, null);
        }
        // A refusal the connector no longer reports was cleared by a delivery that went through since.
        return check.state() == AccountCheck.State.UNVERIFIED
                ? new AccountStatus(AccountStatus.State.UNVERIFIED, check.message())
                : new AccountStatus(AccountStatus.State.OK, null);
    }

    public synchronized void start() {
        if (container != null) {
            return;
        }
        connector.start();
        metrics.register(channel);
        CustomizableThreadFactory threads = new CustomizableThreadFactory("tongfa-" + channel + "-");
        threads.setDaemon(true);
        executor = Executors.newFixedThreadPool(settings.parallelism() * settings.concurrency(), threads);
        CustomizableThreadFactory resumeThreads = new CustomizableThreadFactory("tongfa-" + channel + "-resume-");
        resumeThreads.setDaemon(true);
        resumer = Executors.newSingleThreadScheduledExecutor(resumeThreads);
        CustomizableThreadFactory announceThreads = new CustomizableThreadFactory("tongfa-" + channel + "-announce-");
        announceThreads.setDaemon(true);
        // Nearly every announcement is cancelled as its call ends: drop it from the queue then, rather than keep it
        // (and the item event it holds) until its delay has passed.
        java.util.concurrent.ScheduledThreadPoolExecutor announcements =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, announceThreads);
        announcements.setRemoveOnCancelPolicy(true);
        announcer = announcements;

        ContainerProperties properties = new ContainerProperties(Topics.ITEMS);
        properties.setGroupId(groupId(channel));
        properties.setClientId("tongfa-" + channel);
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setMessageListener((BatchMessageListener<String, byte[]>) this::onBatch);
        properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                // Attempts made by the partitions' previous owner must be visible before we redo any.
                store.awaitCaughtUp();
                recoverParked(partitions, consumer.partitionsFor(Topics.ITEMS).size());
            }
        });
        container = new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
        container.setConcurrency(settings.concurrency());
        container.setBeanName("tongfa-worker-" + channel);
        // Reaching here means an outcome could not be made durable (Kafka unavailable): redo the whole poll
        // until it can. Redoing is safe because every channel call is guarded by the state store.
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        container.start();
        log.info("connector {} started in group {} with {} consumer(s)", channel, groupId(channel),
                settings.concurrency());
    }

    public synchronized void stop() {
        if (container == null) {
            return;
        }
        container.stop();
        container = null;
        resumer.shutdownNow();
        announcer.shutdownNow();
        executor.shutdown();
        connector.close();
        log.info("connector {} stopped", channel);
    }

    public boolean isRunning() {
        return container != null && container.isRunning();
    }

    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<CompletableFuture<?>> durable = new ArrayList<>();
        Map<String, List<ItemEvent>> byItem = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ItemEvent event;
            try {
                event = codec.readItem(record.value());
            } catch (EventCodec.MalformedEventException e) {
                log.warn("parking unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                metrics.poison(channel);
                durable.add(deadLetter(record.key(), record.value(), e.getMessage(), null, true));
                continue;
            }
            if (event.isFor(channel)) {
                byItem.computeIfAbsent(event.itemId(), id -> new ArrayList<>()).add(event);
            }
        }
        List<CompletableFuture<List<CompletableFuture<?>>>> items = new ArrayList<>();
        for (List<ItemEvent> events : byItem.values()) {
            items.add(CompletableFuture.supplyAsync(() -> {
                List<CompletableFuture<?>> writes = new ArrayList<>();
                for (ItemEvent event : events) {
                    writes.addAll(handle(event));
                }
                return writes;
            }, executor));
        }
        // Every item's handler must have finished before this poll ends, whether it is committed or redone: a
        // redo while one is still between its DELIVERING mark and the channel's answer would find that mark, look
        // the call up before the channel knows of it, and post a second time.
        CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).handle((ignored, error) -> null).join();
        RuntimeException failure = null;
        for (CompletableFuture<List<CompletableFuture<?>>> item : items) {
            try {
                durable.addAll(item.join());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        CompletableFuture<Void> written = CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
        if (failure != null) {
            // The outcomes that could be written are written first; the error handler then redoes the poll.
            written.handle((ignored, error) -> null).join();
            throw failure;
        }
        written.join();
    }

    /** Handles one event; answers the writes that must be durable before the offset is committed. */
    private List<CompletableFuture<?>> handle(ItemEvent event) {
        String key = DeliveryStateStore.key(channel, event.itemId(), event.version(), event.action().name());
        try (InFlightDeliveries.Claim claim = inFlight.claim(key)) {
            if (claim.waited()) {
                log.info("connector {}: item {} v{} {} was being handled by another thread of this process; "
                        + "continuing from its outcome", channel, event.itemId(), event.version(), event.action());
            }
            return handleClaimed(event, key);
        }
    }

    private List<CompletableFuture<?>> handleClaimed(ItemEvent event, String key) {
        DeliveryState previous = store.get(key);
        int attempts = previous == null ? 0 : previous.attempts();

        if (previous != null) {
            boolean sameRequest = previous.eventId().equals(event.eventId());
            if (previous.outcome() == DeliveryOutcome.PENDING && pauses.isParked(event)) {
                // Seen again while parked (a rebalance): it stays in its account's queue.
                return List.of(report(event, previous));
            }
            boolean waiting = previous.outcome() == DeliveryOutcome.PENDING;
            if (previous.settled()
                    || (sameRequest && previous.outcome() != DeliveryOutcome.DELIVERING && !waiting)) {
                // Already answered: report it again (the ledger is idempotent) and leave the channel alone.
                return List.of(report(event, previous));
            }
            if (previous.outcome() == DeliveryOutcome.DELIVERING || previous.outcome() == DeliveryOutcome.UNCONFIRMED) {
                Lookup lookup = lookup(event, previous.progress());
                if (lookup instanceof Lookup.Found found) {
                    return settle(event, key, success(event, found.receipt(), attempts));
                }
                if (lookup instanceof Lookup.Failed failed) {
                    return settle(event, key, failure(event, attempts, DeliveryOutcome.FAILED, failed.reason(),
                            failed.code()).withEarlier(previous.recallable()));
                }
                // A call cut off mid-way (DELIVERING) that the channel cannot confirm stays in doubt whoever asks;
                // only an operator's new request may try an UNCONFIRMED delivery again.
                boolean cutOff = previous.outcome() == DeliveryOutcome.DELIVERING;
                if (lookup instanceof Lookup.Unknown unknown && (sameRequest || cutOff)) {
                    return settle(event, key, new DeliveryState(event.eventId(), DeliveryOutcome.UNCONFIRMED,
                            null, null, attempts, unknown.reason(), null).withProgress(previous.progress())
                            .withEarlier(previous.earlier()));
                }
            }
        }

        Map<String, String> earlier = previous == null ? Map.of() : previous.recallable();
        AccountPauses.Pause pause = pauses.blocking(event, clock.instant());
        if (pause != null) {
            return park(event, key, attempts, pause, false, earlier);
        }
        return deliverNow(event, key, attempts, false, earlier);
    }

    /**
     * Calls the channel; a delivery the channel pauses is parked (at the front when it was parked before).
     * {@code earlier} is what earlier attempts of the delivery recorded: the connector recalls it, and every state
     * written until the delivery settles carries it on, so that a replay or a successor after a crash has it too.
     */
    private List<CompletableFuture<?>> deliverNow(ItemEvent event, String key, int attempts, boolean wasParked,
            Map<String, String> earlier) {
        // The mark counts the call it announces: a worker that finds it after a crash knows one call was made.
        DeliveryState delivering = new DeliveryState(event.eventId(), DeliveryOutcome.DELIVERING, null, null,
                attempts + 1, null, null).withEarlier(earlier);
        store.put(key, delivering).join();
        Announcement announcement = announce(event, delivering);
        Progress progress = new Progress(key, delivering);
        DeliveryState outcome;
        try {
            outcome = attempt(event, attempts, progress);
        } finally {
            // Before the outcome is sent: a DELIVERING report must never follow it (the ledger would take it).
            announcement.close();
        }
        if (outcome.outcome() == DeliveryOutcome.UNCONFIRMED) {
            // Kept for the look-up an operator's new request makes later.
            outcome = outcome.withProgress(progress.notes()).withEarlier(earlier);
        } else if (!outcome.settled()) {
            // Failed or parked: nothing to look up, but the next attempt reuses what this one uploaded.
            outcome = outcome.withEarlier(delivering.withProgress(progress.notes()).recallable());
        }
        List<CompletableFuture<?>> writes = new ArrayList<>();
        CompletableFuture<?> announced = announcement.sent();
        if (announced != null) {
            writes.add(announced);
        }
        writes.addAll(settle(event, key, outcome));
        if (outcome.outcome() == DeliveryOutcome.PENDING) {
            pauses.park(event, wasParked);
            scheduleResume(event.agency());
        }
        return writes;
    }

    /** Parks an event of a paused account without calling the channel, and reports it PENDING with the reason. */
    private List<CompletableFuture<?>> park(ItemEvent event, String key, int attempts, AccountPauses.Pause pause,
            boolean front, Map<String, String> earlier) {
        DeliveryState pending = new DeliveryState(event.eventId(), DeliveryOutcome.PENDING, null, null, attempts,
                "账号已暂停至" + TIME.format(pause.until()) + "，届时自动发送：" + pause.reason(), pause.code())
                .parking(event, pause.until()).withEarlier(earlier);
        pauses.park(event, front);
        List<CompletableFuture<?>> writes = settle(event, key, pending);
        scheduleResume(event.agency());
        return writes;
    }

    /**
     * Takes over the deliveries a predecessor parked (its process stopped or crashed while an account was
     * paused): their offsets are committed, so only the state log remembers them. Runs when partitions are
     * assigned, for the items those partitions carry.
     */
    private void recoverParked(Collection<TopicPartition> assigned, int partitionCount) {
        if (partitionCount <= 0) {
            return;
        }
        java.util.Set<Integer> mine = new java.util.HashSet<>();
        assigned.forEach(partition -> mine.add(partition.partition()));
        List<DeliveryState> parked = store.withPrefix(channel + "/").values().stream()
                .filter(state -> state.outcome() == DeliveryOutcome.PENDING && state.parked() != null)
                .filter(state -> mine.contains(partitionOf(state.parked().itemId(), partitionCount)))
                .filter(state -> !pauses.isParked(state.parked()))
                .sorted(java.util.Comparator.comparing((DeliveryState state) -> state.parked().occurredAt())
                        .thenComparing(state -> state.parked().version()))
                .toList();
        for (DeliveryState state : parked) {
            ItemEvent event = state.parked();
            Instant until = state.resumeAt() == null ? clock.instant() : state.resumeAt();
            pauses.pause(event.agency(), new AccountPauses.Pause(until, state.error(), state.errorCode()));
            pauses.park(event, false);
            scheduleResume(event.agency());
        }
        if (!parked.isEmpty()) {
            log.info("connector {} took over {} parked deliveries", channel, parked.size());
        }
    }

    /** The partition Kafka's default partitioner puts a record with this key in. */
    static int partitionOf(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void scheduleResume(String agency) {
        Instant at = pauses.resumeAt(agency);
        if (at == null || resumer == null || resumer.isShutdown()) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        resumer.schedule(() -> executor.execute(() -> resume(agency)), delay, TimeUnit.MILLISECONDS);
    }

    /** Re-drives an agency's parked deliveries in order once its pause is over; stops if the channel pauses again. */
    private void resume(String agency) {
        if (!pauses.startDrain(agency)) {
            return;
        }
        try {
            ItemEvent next;
            while (container != null && (next = pauses.nextDue(agency, clock.instant())) != null) {
                String key = DeliveryStateStore.key(channel, next.itemId(), next.version(), next.action().name());
                List<CompletableFuture<?>> writes;
                try (InFlightDeliveries.Claim claim = inFlight.claim(key)) {
                    DeliveryState previous = store.get(key);
                    if (previous != null && previous.outcome() != DeliveryOutcome.PENDING) {
                        continue;
                    }
                    int attempts = previous == null ? 0 : previous.attempts();
                    writes = deliverNow(next, key, attempts, true,
                            previous == null ? Map.of() : previous.recallable());
                }
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                if (pauses.isParked(next)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.warn("connector {} could not resume the parked deliveries of {}", channel, agency, e);
        } finally {
            pauses.endDrain(agency);
        }
        scheduleResume(agency);
    }

    /**
     * Reports the call DELIVERING at once, or after {@link WorkerSettings#announceAfter()} if it is still running
     * then. Most calls end sooner, and their outcome is then their only report.
     */
    private Announcement announce(ItemEvent event, DeliveryState delivering) {
        Announcement announcement = new Announcement(event, delivering);
        Duration after = settings.announceAfter();
        if (after.isZero() || announcer == null || announcer.isShutdown()) {
            announcement.run();
        } else {
            announcement.schedule(announcer, after);
        }
        return announcement;
    }

    /**
     * One delayed DELIVERING report. Sending it and closing it exclude each other, so the report is either never
     * sent or handed to the producer before the outcome is: records of one key go to one partition in the order
     * of their {@code send} calls, and the ledger would let a DELIVERING that came after the outcome replace it.
     */
    private final class Announcement implements Runnable {
        private final ItemEvent event;
        private final DeliveryState delivering;
        private java.util.concurrent.ScheduledFuture<?> timer;
        private boolean closed;
        private CompletableFuture<?> sent;

        Announcement(ItemEvent event, DeliveryState delivering) {
            this.event = event;
            this.delivering = delivering;
        }

        @Override
        public synchronized void run() {
            if (!closed && sent == null) {
                sent = report(event, delivering);
            }
        }

        synchronized void schedule(ScheduledExecutorService scheduler, Duration after) {
            timer = scheduler.schedule(this, after.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** No report after this; waits for one being handed to the producer. */
        synchronized void close() {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        /** The report's write, if it was sent. */
        synchronized CompletableFuture<?> sent() {
            return sent;
        }
    }

    /**
     * The connector's {@link DeliveryProgress} for one delivery: each note rewrites the DELIVERING state with all
     * notes so far and waits until the state log has it, so a worker that takes over after a crash hands them
     * to the look-up.
     */
    private final class Progress implements DeliveryProgress {
        private final String key;
        private final DeliveryState delivering;
        private final Map<String, String> notes = new LinkedHashMap<>();

        Progress(String key, DeliveryState delivering) {
            this.key = key;
            this.delivering = delivering;
        }

        @Override
        public synchronized void record(String name, String value) {
            notes.put(name, value);
            store.put(key, delivering.withProgress(notes)).join();
        }

        /** This attempt's note (an earlier round of it), else an earlier attempt's. */
        @Override
        public synchronized String recalled(String name) {
            String mine = notes.get(name);
            return mine != null ? mine : delivering.earlier().get(name);
        }

        synchronized Map<String, String> notes() {
            return Map.copyOf(notes);
        }
    }

    private DeliveryState attempt(ItemEvent event, int attemptsBefore, Progress progress) {
        boolean breakerOpen = breakers.isOpen(event.agency(), clock.instant());
        DeliveryState outcome = attempt(event, attemptsBefore, breakerOpen ? 1 : settings.maxAttempts(),
                breakerOpen, progress);
        if (outcome.outcome() == DeliveryOutcome.DELIVERED || outcome.outcome() == DeliveryOutcome.WITHDRAWN) {
            breakers.success(event.agency());
        }
        return outcome;
    }

    /** Calls the channel up to {@code budget} times; an open breaker allows one call and no back-off. */
    private DeliveryState attempt(ItemEvent event, int attemptsBefore, int budget, boolean breakerOpen,
            Progress progress) {
        int attempts = attemptsBefore;
        String lastError = null;
        String lastCode = null;
        // Set while an earlier call may have reached the channel and no look-up could tell yet: the next round
        // asks again before it posts anything.
        String doubt = null;
        for (int round = 1; round <= budget; round++) {
            Duration wait;
            if (doubt != null) {
                Lookup lookup = lookup(event, progress.notes());
                if (lookup instanceof Lookup.Found found) {
                    return success(event, found.receipt(), attempts);
                }
                if (lookup instanceof Lookup.Failed failed) {
                    return failure(event, attempts, DeliveryOutcome.FAILED, failed.reason(), failed.code());
                }
                if (lookup instanceof Lookup.Unknown) {
                    if (round < budget) {
                        pause(backoff(round));
                    }
                    continue;
                }
                doubt = null;
            }
            attempts++;
            try {
                return success(event, connector.deliver(event, progress), attempts);
            } catch (PermanentDeliveryException e) {
                return failure(event, attempts, DeliveryOutcome.FAILED, e.getMessage(), e.code());
            } catch (UnconfirmedDeliveryException e) {
                Lookup lookup = lookup(event, progress.notes());
                if (lookup instanceof Lookup.Found found) {
                    return success(event, found.receipt(), attempts);
                }
                if (lookup instanceof Lookup.Failed failed) {
                    return failure(event, attempts, DeliveryOutcome.FAILED, failed.reason(), failed.code());
                }
                lastError = e.getMessage();
                lastCode = e.code();
                if (lookup instanceof Lookup.Unknown unknown) {
                    doubt = e.getMessage() + "；" + unknown.reason();
                }
                wait = backoff(round);
            } catch (RetriableDeliveryException e) {
                lastError = e.getMessage();
                lastCode = e.code();
                wait = e.retryAfter() != null ? e.retryAfter() : backoff(round);
                if (wait.compareTo(settings.maxRetryAfter()) > 0 && wait.compareTo(settings.maxPause()) <= 0) {
                    // The channel paused this account: park its deliveries instead of holding the partition.
                    Instant until = clock.instant().plus(wait);
                    pauses.pause(event.agency(), new AccountPauses.Pause(until, e.getMessage(), e.code()));
                    metrics.retried(channel);
                    return new DeliveryState(event.eventId(), DeliveryOutcome.PENDING, null, null, attempts,
                            "渠道要求暂停该账号至" + TIME.format(until) + "，届时自动重试：" + e.getMessage(), e.code())
                            .parking(event, until);
                }
                if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                    return failure(event, attempts, DeliveryOutcome.FAILED,
                            e.getMessage() + "（渠道要求等待" + wait.toMinutes() + "分钟后再试）", e.code());
                }
            } catch (DeliveryException | RuntimeException e) {
                // Unclassified failures are treated as retriable, as the SPI documents.
                log.warn("connector {} failed unexpectedly on item {} v{}", channel, event.itemId(),
                        event.version(), e);
                lastError = e.toString();
                lastCode = null;
                wait = backoff(round);
            }
            if (round < budget) {
                metrics.retried(channel);
                pause(wait);
            }
        }
        if (doubt != null) {
            return failure(event, attempts, DeliveryOutcome.UNCONFIRMED, doubt, lastCode);
        }
        if (breakers.failure(event.agency(), clock.instant())) {
            log.warn("connector {}: {} deliveries of {} in a row failed after all their retries; one call each, "
                    + "without back-off, for the next {}", channel, settings.breakerThreshold(), event.agency(),
                    settings.breakerCooldown());
        }
        String reason = breakerOpen
                ? "渠道对该账号持续失败，已熔断（每条只试一次、不等待重试）；排除故障后请重放。最后一次错误：" + lastError
                : "重试" + attempts + "次后仍失败：" + lastError;
        return failure(event, attempts, DeliveryOutcome.FAILED, reason, lastCode);
    }

    /**
     * Asks the channel, a few times with back-off when it cannot answer: a look-up that fails because the
     * channel is busy says nothing yet, and settling for UNCONFIRMED on the first try would leave deliveries
     * for a person that the channel could have confirmed seconds later.
     */
    private Lookup lookup(ItemEvent event, Map<String, String> progress) {
        Lookup answer = null;
        for (int round = 1; round <= LOOKUP_ATTEMPTS; round++) {
            try {
                answer = connector.lookup(event, progress);
            } catch (RuntimeException e) {
                answer = Lookup.unknown("查询失败：" + e.getMessage());
            }
            metrics.lookup(channel, answer instanceof Lookup.Found ? "found"
                    : answer instanceof Lookup.NotFound ? "not_found"
                    : answer instanceof Lookup.Failed ? "failed" : "unknown");
            if (!(answer instanceof Lookup.Unknown) || round == LOOKUP_ATTEMPTS) {
                return answer;
            }
            pause(backoff(round));
        }
        return answer;
    }

    private DeliveryState success(ItemEvent event, DeliveryReceipt receipt, int attempts) {
        DeliveryOutcome outcome = event.action() == ItemAction.WITHDRAW
                ? DeliveryOutcome.WITHDRAWN
                : DeliveryOutcome.DELIVERED;
        return new DeliveryState(event.eventId(), outcome, receipt.ref(), receipt.url(), attempts, null, null);
    }

    private DeliveryState failure(ItemEvent event, int attempts, DeliveryOutcome outcome, String error,
            String code) {
        String message = code == null ? error : error + " [" + code + "]";
        return new DeliveryState(event.eventId(), outcome, null, null, attempts, message, code);
    }

    /** Makes the final state durable, reports it, and copies failures to the dead-letter topic. */
    private List<CompletableFuture<?>> settle(ItemEvent event, String key, DeliveryState state) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        writes.add(store.put(key, state));
        writes.add(report(event, state));
        metrics.outcome(channel, event.agency(), state.outcome());
        if (state.outcome() == DeliveryOutcome.DELIVERED) {
            metrics.delivered(channel, Duration.between(event.occurredAt(), clock.instant()));
        }
        if (state.outcome() == DeliveryOutcome.FAILED) {
            writes.add(deadLetter(event.itemId(), codec.write(event), state.error(), state.errorCode(), false));
        }
        return writes;
    }

    private CompletableFuture<?> report(ItemEvent event, DeliveryState state) {
        DeliveryEvent report = new DeliveryEvent(UUID.randomUUID().toString(), event.itemId(), event.agency(),
                channel, event.version(), event.action(), state.outcome(), state.ref(), state.url(),
                state.error(), state.errorCode(), state.attempts(), event.occurredAt(), Instant.now(clock));
        return template.send(Topics.DELIVERIES, event.itemId(), codec.write(report));
    }

    private CompletableFuture<?> deadLetter(String key, byte[] value, String error, String code, boolean poison) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.deadLetter(channel), key, value);
        record.headers().add(HEADER_ERROR, utf8(error));
        if (code != null) {
            record.headers().add(HEADER_ERROR_CODE, utf8(code));
        }
        if (poison) {
            record.headers().add(HEADER_POISON, utf8("true"));
        }
        return template.send(record);
    }

    private Duration backoff(int round) {
        long base = settings.initialBackoff().toMillis() << Math.min(round - 1, 20);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        // Full jitter keeps many workers from retrying a recovering channel in lockstep.
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
