package cn.tongfa.hub.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The dead letters as the hub keeps them (see V4__dead_letters.sql). */
@Component
class DeadLetterStore {

    private static final String COLUMNS = "id, channel, item_id, agency, version, reason, poison, payload, "
            + "received_at, replayed_at, replayed_by";

    private final JdbcClient jdbc;

    DeadLetterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a record once; a record seen again (redelivered) is ignored. */
    void add(String channel, String topic, int partition, long offset, String itemId, String agency,
            Integer version, String reason, boolean poison, String payload, Instant at) {
        int exists = jdbc.sql("select count(*) from dead_letter where topic = ? and kafka_partition = ? "
                        + "and kafka_offset = ?")
                .params(topic, partition, offset).query(Integer.class).single();
        if (exists > 0) {
            return;
        }
        try {
            jdbc.sql("insert into dead_letter (channel, topic, kafka_partition, kafka_offset, item_id, agency, version, "
                            + "reason, poison, payload, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(channel, topic, partition, offset, itemId, agency, version,
                            reason == null || reason.length() <= 4000 ? reason : reason.substring(0, 4000), poison,
                            payload, at.atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException seen) {
            // Another ledger instance stored it first.
        }
    }

    /** Dead letters, newest first; null filters match everything; agencies null means every agency. */
    List<DeadLetter> find(String channel, List<String> agencies, Boolean replayed, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(channel, agencies, replayed, params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("select " + COLUMNS + " from dead_letter" + where + " order by id desc limit ? offset ?")
                .params(params).query(DeadLetterStore::map).list();
    }

    Optional<DeadLetter> get(long id) {
        return jdbc.sql("select " + COLUMNS + " from dead_letter where id = ?").param(id)
                .query(DeadLetterStore::map).optional();
    }

    long countOpen() {
        return jdbc.sql("select count(*) from dead_letter where replayed_at is null").query(Long.class).single();
    }

    void markReplayed(long id, String by, Instant at) {
        jdbc.sql("update dead_letter set replayed_at = ?, replayed_by = ? where id = ? and replayed_at is null")
                .params(at.atOffset(ZoneOffset.UTC), by, id).update();
    }

    private static String where(String channel, List<String> agencies, Boolean replayed, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (channel != null) {
            clauses.add("channel = ?");
            params.add(channel);
        }
        if (agencies != null) {
            if (agencies.isEmpty()) {
                clauses.add("1 = 0");
            } else {
                clauses.add("agency in (" + String.join(", ", agencies.stream().map(a -> "?").toList()) + ")");
                params.addAll(agencies);
            }
        }
        if (replayed != null) {
            clauses.add(replayed ? "replayed_at is not null" : "replayed_at is null");
        }
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    private static DeadLetter map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime replayed = rs.getObject("replayed_at", OffsetDateTime.class);
        return new DeadLetter(rs.getLong("id"), rs.getString("channel"), rs.getString("item_id"),
                rs.getString("agency"), (Integer) rs.getObject("version"), rs.getString("reason"),
                rs.getBoolean("poison"), rs.getString("payload"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                replayed == null ? null : replayed.toInstant(), rs.getString("replayed_by"));
    }
}
