package cn.tongfa.bench.sections;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import cn.tongfa.bench.BenchContext;
import cn.tongfa.bench.BenchSection;
import cn.tongfa.bench.Figure;
import cn.tongfa.bench.env.Database;
import cn.tongfa.bench.env.HubProcess;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.runtime.EventCodec;

/**
 * The limit of the parts the hub stands on, measured in the same run on the same broker and database kind:
 * kafka-clients producing the hub's serialized {@link ItemEvent}s (EventCodec, the relay's producer settings)
 * to a topic with the hub's partition count while four consumer groups read them all, then plain JDBC batch
 * inserts of the same items' ledger rows (four per item) into the hub's {@code delivery} table, made by the hub's
 * own migrations in a fresh database. No HTTP, no hub logic. The baseline is the slower of the two parts.
 */
public final class BaselineSection implements BenchSection {

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int items = ctx.intOption("baseline-items", ctx.quick() ? 20_000 : 100_000);
        int partitions = ctx.intOption("partitions", 6);
        EventCodec codec = new EventCodec();
        Instant now = Instant.now();
        List<ItemEvent> events = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            events.add(SampleItems.event(i, now));
        }
        int bytes = codec.write(events.get(0)).length;

        // Warm-up: a tenth of the run on a topic of its own, not measured.
        kafka(ctx, codec, events.subList(0, Math.max(1000, items / 10)), partitions);
        KafkaRun k = kafka(ctx, codec, events, partitions);

        Database db = ctx.newHubSchemaDatabase("baseline");
        jdbc(db, events.subList(0, Math.max(1000, items / 10)), now, 0);
        double jdbcSeconds = jdbc(db, events, now, 1);
        double rowsPerSecond = items * 4.0 / jdbcSeconds;

        double itemsPerSecond = Math.min(k.itemsPerSecond(), rowsPerSecond / 4);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of("baseline.kafka.produce_items_per_s", k.produced(), "items/s",
                String.format("%,d events of %d B, %d partitions, acks=all, idempotent, linger 2 ms", items, bytes,
                        partitions)));
        figures.add(Figure.of("baseline.kafka.items_per_s", k.itemsPerSecond(), "items/s",
                "produced and read by all four consumer groups, from first send to last read"));
        figures.add(Figure.of("baseline.kafka.deliveries_per_s", k.itemsPerSecond() * 4, "records/s",
                "records read, four groups together"));
        figures.add(Figure.of("baseline.jdbc.rows_per_s", rowsPerSecond, "rows/s",
                String.format("%,d ledger rows into delivery (%s), batches of 500, one commit each", items * 4,
                        db.vendor())));
        figures.add(Figure.of("baseline.items_per_s", itemsPerSecond, "items/s",
                "the slower of Kafka (items/s) and JDBC (rows/s ÷ 4)"));
        figures.add(Figure.of("baseline.deliveries_per_s", itemsPerSecond * 4, "deliveries/s", ""));
        return figures;
    }

    record KafkaRun(double produced, double itemsPerSecond) {
    }

    private KafkaRun kafka(BenchContext ctx, EventCodec codec, List<ItemEvent> events, int partitions)
            throws Exception {
        String topic = "bench.baseline." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int groups = HubProcess.CHANNELS.size();
        ExecutorService pool = Executors.newFixedThreadPool(groups);
        AtomicLong lastRead = new AtomicLong();
        List<Future<?>> readers = new ArrayList<>();
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(groups);
        for (int g = 0; g < groups; g++) {
            String group = topic + "." + HubProcess.CHANNELS.get(g);
            readers.add(pool.submit(() -> {
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG, group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                        ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                    consumer.subscribe(List.of(topic));
                    while (consumer.assignment().isEmpty()) {
                        consumer.poll(java.time.Duration.ofMillis(100));
                    }
                    assigned.countDown();
                    long read = 0;
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    while (read < events.size() && System.nanoTime() < deadline) {
                        ConsumerRecords<String, byte[]> records = consumer.poll(java.time.Duration.ofMillis(200));
                        read += records.count();
                        if (!records.isEmpty()) {
                            consumer.commitAsync();
                        }
                    }
                    consumer.commitSync();
                    lastRead.accumulateAndGet(System.nanoTime(), Math::max);
                    if (read < events.size()) {
                        throw new IllegalStateException(group + " read only " + read + " of " + events.size());
                    }
                }
                return null;
            }));
        }
        if (!assigned.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the baseline consumers got no partitions");
        }
        long start = System.nanoTime();
        double produced;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (ItemEvent event : events) {
                // Serialized per record, as the hub does when it writes the outbox row.
                producer.send(new ProducerRecord<>(topic, event.itemId(), codec.write(event)));
            }
            producer.flush();
            produced = events.size() / ((System.nanoTime() - start) / 1e9);
        }
        for (Future<?> reader : readers) {
            reader.get();
        }
        pool.shutdown();
        return new KafkaRun(produced, events.size() / ((lastRead.get() - start) / 1e9));
    }

    /** Inserts four DELIVERED ledger rows per event in batches of 500; answers the seconds it took. */
    private double jdbc(Database db, List<ItemEvent> events, Instant now, int versionOffset) throws Exception {
        Timestamp at = Timestamp.from(now);
        long start = System.nanoTime();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into delivery (item_id, channel, version, "
                    + "agency, action, status, attempts, ref, url, error, requested_at, delivered_at, updated_at) "
                    + "values (?, ?, ?, ?, 'PUBLISH', 'DELIVERED', 1, ?, ?, null, ?, ?, ?)")) {
                int batched = 0;
                for (ItemEvent event : events) {
                    for (String channel : event.channels()) {
                        insert.setString(1, event.itemId());
                        insert.setString(2, channel);
                        insert.setInt(3, event.version() + versionOffset);
                        insert.setString(4, event.agency());
                        insert.setString(5, channel + "-" + event.itemId());
                        insert.setString(6, event.item().portalUrl());
                        insert.setTimestamp(7, at);
                        insert.setTimestamp(8, at);
                        insert.setTimestamp(9, at);
                        insert.addBatch();
                        if (++batched == 500) {
                            insert.executeBatch();
                            c.commit();
                            batched = 0;
                        }
                    }
                }
                if (batched > 0) {
                    insert.executeBatch();
                    c.commit();
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
