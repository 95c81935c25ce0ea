package cn.tongfa.hub.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.runtime.EventCodec;

/**
 * Adds events to the outbox inside the caller's transaction: the item and its event are stored together or
 * not at all. The relay sends them to Kafka after commit.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final OutboxSignal signal;
    private final Clock clock;

    Outbox(JdbcClient jdbc, EventCodec codec, OutboxSignal signal, Clock clock) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.signal = signal;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void add(ItemEvent event) {
        jdbc.sql("insert into outbox (item_id, topic, msg_key, payload, created_at) values (?, ?, ?, ?, ?)")
                .params(event.itemId(), Topics.ITEMS, event.itemId(),
                        new String(codec.write(event), StandardCharsets.UTF_8),
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.wake();
            }
        });
    }

    /** Rows waiting to be sent. */
    public long backlog() {
        return jdbc.sql("select count(*) from outbox").query(Long.class).single();
    }
}
