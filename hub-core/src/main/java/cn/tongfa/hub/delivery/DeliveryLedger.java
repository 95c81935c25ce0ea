package cn.tongfa.hub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.ItemAction;

/**
 * The delivery ledger: one row per item × channel × version, the record the yearly counts are made from.
 * Reports from the connectors may arrive more than once and are applied idempotently; a settled delivery is
 * never moved back by a late or repeated report.
 */
@Component
public class DeliveryLedger {

    static final String COLUMNS = "item_id, channel, version, agency, action, status, attempts, ref, url, error, "
            + "requested_at, delivered_at, updated_at";

    /**
     * A report's transition, in SQL so that the rules hold under concurrent reports too: DELIVERED and
     * WITHDRAWN are only left for WITHDRAWN; delivered_at keeps the first delivery's time.
     */
    private static final String TRANSITION = """
            update delivery set
                status = ?, attempts = greatest(attempts, ?),
                ref = coalesce(?, ref), url = coalesce(?, url), error = ?,
                delivered_at = coalesce(delivered_at, ?), updated_at = ?
            where item_id = ? and channel = ? and version = ?
              and (status not in ('DELIVERED', 'WITHDRAWN') or ? = 'WITHDRAWN')
              and not (status = 'WITHDRAWN' and ? <> 'WITHDRAWN')
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    DeliveryLedger(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** Records that the item's version was sent to these channels (status PENDING), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void expect(String itemId, String agency, int version, ItemAction action, List<String> channels,
            Instant requestedAt) {
        // Two round trips whatever the number of channels: update the rows that exist, insert the others.
        OffsetDateTime now = utc(clock.instant());
        List<Object[]> updates = channels.stream()
                .map(channel -> new Object[] {action.name(), utc(requestedAt), now, itemId, channel, version})
                .toList();
        int[] updated = batch.batchUpdate("update delivery set action = ?, requested_at = ?, updated_at = ? "
                + "where item_id = ? and channel = ? and version = ?", updates);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            if (updated[i] == 0) {
                missing.add(channels.get(i));
            }
        }
        insert(itemId, agency, version, action, missing, requestedAt, now);
    }

    /**
     * Records an item's first publication (status PENDING on each channel), in the caller's transaction: the item
     * was never sent anywhere, so it has no rows yet and they are inserted in one round trip.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void expectFirst(String itemId, String agency, int version, List<String> channels, Instant requestedAt) {
        insert(itemId, agency, version, ItemAction.PUBLISH, channels, requestedAt, utc(clock.instant()));
    }

    private void insert(String itemId, String agency, int version, ItemAction action, List<String> channels,
            Instant requestedAt, OffsetDateTime now) {
        if (channels.isEmpty()) {
            return;
        }
        batch.batchUpdate("insert into delivery (" + COLUMNS + ") values (?, ?, ?, ?, ?, 'PENDING', 0, null, "
                + "null, null, ?, null, ?)", channels.stream()
                        .map(channel -> new Object[] {itemId, channel, version, agency, action.name(),
                                utc(requestedAt), now})
                        .toList());
    }

    /** Puts a failed or unconfirmed delivery back to PENDING for a new attempt, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void retry(String itemId, String channel, int version, Instant requestedAt) {
        jdbc.sql("update delivery set status = 'PENDING', error = null, requested_at = ?, updated_at = ? "
                        + "where item_id = ? and channel = ? and version = ? and status in ('FAILED', 'UNCONFIRMED')")
                .params(utc(requestedAt), utc(clock.instant()), itemId, channel, version)
                .update();
    }

    /**
     * Applies a poll's reports in their order, as {@link #apply} one by one would, in one JDBC batch: the
     * transitions of rows that exist (nearly all: publishing creates them) go in one round trip; a report that
     * changed no row is applied again alone afterwards, in order, which inserts its row if it is missing. That
     * replay is safe because a report finds no row only when none exists yet (publication and the ledger are
     * the only writers, and one key's reports come in order from one partition), and a second try of a
     * transition the rules refused is refused again.
     */
    @Transactional
    public void applyAll(List<DeliveryEvent> events) {
        List<DeliveryEvent> pending = new ArrayList<>();
        for (DeliveryEvent event : events) {
            if (unfinishedWithdrawal(event)) {
                applyBatch(pending);
                pending.clear();
                applyUnfinishedWithdrawal(event);
            } else {
                pending.add(event);
            }
        }
        applyBatch(pending);
    }

    private void applyBatch(List<DeliveryEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime now = utc(clock.instant());
        int[] updated = batch.batchUpdate(TRANSITION, events.stream().map(event -> transition(event, now)).toList());
        for (int i = 0; i < events.size(); i++) {
            if (updated[i] == 0) {
                apply(events.get(i));
            }
        }
    }

    private static Object[] transition(DeliveryEvent event, OffsetDateTime now) {
        String status = status(event);
        OffsetDateTime deliveredAt = event.outcome() == DeliveryOutcome.DELIVERED ? utc(event.at()) : null;
        return new Object[] {status, event.attempts(), event.ref(), event.url(), event.error(), deliveredAt, now,
                event.itemId(), event.channel(), event.version(), status, status};
    }

    private static boolean unfinishedWithdrawal(DeliveryEvent event) {
        return event.action() == ItemAction.WITHDRAW && event.outcome() != DeliveryOutcome.WITHDRAWN;
    }

    /** Applies one connector report. */
    @Transactional
    public void apply(DeliveryEvent event) {
        if (unfinishedWithdrawal(event)) {
            applyUnfinishedWithdrawal(event);
            return;
        }
        String status = status(event);
        OffsetDateTime deliveredAt = event.outcome() == DeliveryOutcome.DELIVERED ? utc(event.at()) : null;
        int updated = jdbc.sql(TRANSITION).params(transition(event, utc(clock.instant()))).update();
        if (updated > 0 || exists(event)) {
            return;
        }
        // "on conflict do nothing": a report racing another for a row that does not exist yet must not abort the
        // ledger's transaction (PostgreSQL would); the loser applies its report to the winner's row instead.
        int inserted = jdbc.sql("insert into delivery (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "on conflict do nothing")
                .params(event.itemId(), event.channel(), event.version(), event.agency(), event.action().name(),
                        status, event.attempts(), event.ref(), event.url(), event.error(),
                        utc(event.requestedAt()), deliveredAt, utc(clock.instant()))
                .update();
        if (inserted == 0) {
            apply(event);
        }
    }

    /**
     * A withdrawal that failed, is in doubt or waits leaves the post where it was: the row keeps its status (the
     * item is still on the channel, and still counted), and the error says why it could not be removed.
     */
    private void applyUnfinishedWithdrawal(DeliveryEvent event) {
        if (event.outcome() == DeliveryOutcome.DELIVERING) {
            return;
        }
        String prefix = switch (event.outcome()) {
            case PENDING -> "撤回等待中：";
            case UNCONFIRMED -> "撤回结果待核实：";
            default -> "撤回失败，内容仍在渠道上：";
        };
        String error = prefix + (event.error() == null ? "渠道未说明原因" : event.error());
        jdbc.sql("update delivery set error = ?, attempts = greatest(attempts, ?), updated_at = ? "
                        + "where item_id = ? and channel = ? and version = ? and status <> 'WITHDRAWN'")
                .params(error, event.attempts(), utc(clock.instant()), event.itemId(), event.channel(),
                        event.version())
                .update();
    }

    public List<Delivery> forItem(String itemId) {
        return jdbc.sql("select " + COLUMNS + " from delivery where item_id = ? order by version desc, channel")
                .param(itemId)
                .query(DeliveryLedger::map)
                .list();
    }

    private boolean exists(DeliveryEvent event) {
        return jdbc.sql("select count(*) from delivery where item_id = ? and channel = ? and version = ?")
                .params(event.itemId(), event.channel(), event.version())
                .query(Integer.class).single() > 0;
    }

    private static String status(DeliveryEvent event) {
        return event.outcome().name();
    }

    static Delivery map(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getString("item_id"), rs.getString("channel"), rs.getInt("version"),
                rs.getString("agency"), rs.getString("action"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("ref"), rs.getString("url"), rs.getString("error"), instant(rs, "requested_at"),
                instant(rs, "delivered_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
