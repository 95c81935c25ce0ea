package cn.tongfa.hub.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.hub.ConditionalOnRole;

/**
 * Sends outbox rows to Kafka in insertion order and deletes them once Kafka has acknowledged them
 * (at-least-once: a crash between the two sends them again, and every consumer is idempotent). Runs in one
 * thread; while Kafka is unreachable the rows wait, and the backlog is visible as
 * {@code tongfa_outbox_backlog}.
 */
@Component
@ConditionalOnRole("relay")
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Row(long id, String topic, String key, String payload) {
    }

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxSignal signal;
    private final int batchSize;
    private final long pollMillis;
    private final Counter relayed;
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, byte[]> kafka, OutboxSignal signal, Outbox outbox,
            MeterRegistry registry, @Value("${tongfa.outbox.batch-size:500}") int batchSize,
            @Value("${tongfa.outbox.poll-interval:500ms}") Duration pollInterval) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.signal = signal;
        this.batchSize = batchSize;
        this.pollMillis = pollInterval.toMillis();
        this.relayed = Counter.builder("tongfa.outbox.relayed").description("Outbox rows sent to Kafka")
                .register(registry);
        Gauge.builder("tongfa.outbox.backlog", outbox, Outbox::backlog)
                .description("Outbox rows not yet sent to Kafka").register(registry);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "tongfa-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        signal.wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Start after the Kafka producer can be used, stop before it is closed.
        return Integer.MAX_VALUE - 1000;
    }

    private void loop() {
        long failures = 0;
        while (running) {
            try {
                int sent = relayOnce();
                failures = 0;
                if (sent < batchSize) {
                    signal.await(pollMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                long wait = Math.min(30_000, 500L << Math.min(failures, 6));
                log.warn("outbox relay failed ({} in a row), retrying in {} ms: {}", failures, wait, e.toString());
                try {
                    signal.await(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends one batch; answers how many rows it sent. */
    int relayOnce() {
        List<Row> rows = jdbc.sql("select id, topic, msg_key, payload from outbox order by id limit ?")
                .param(batchSize)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(kafka.send(new ProducerRecord<>(row.topic(), row.key(),
                    row.payload().getBytes(StandardCharsets.UTF_8))));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
        }
        // Delete exactly what was sent: a row with a lower id may commit later than this batch was read.
        List<Long> ids = rows.stream().map(Row::id).toList();
        jdbc.sql("delete from outbox where id in (:ids)").param("ids", ids).update();
        relayed.increment(rows.size());
        return rows.size();
    }
}
