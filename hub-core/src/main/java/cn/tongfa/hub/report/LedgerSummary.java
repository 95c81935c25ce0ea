package cn.tongfa.hub.report;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import cn.tongfa.hub.HubSettings;

/**
 * The pre-aggregated counts of PostgreSQL (migration V22): whether counts read them, keeping their days in the
 * hub's zone, and folding their deltas.
 *
 * <p>Triggers keep the summary exact in the transaction of every ledger write and item edit; they append +1/-1
 * deltas rather than update shared rows, so that concurrent ledger transactions never wait on each other. The
 * deltas are folded into daily rows every {@code tongfa.report.compact-interval} (10 s); counts read both, so
 * folding changes nothing they see. On H2 there is no summary and the counts group the raw ledger (the embedded
 * default's ledgers are small).
 */
@Component
public class LedgerSummary {

    private static final Logger log = LoggerFactory.getLogger(LedgerSummary.class);

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final boolean enabled;

    LedgerSummary(JdbcClient jdbc, DataSource dataSource, HubSettings hub, ReportSettings settings)
            throws SQLException {
        this.jdbc = jdbc;
        try (Connection connection = dataSource.getConnection()) {
            this.postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        }
        this.enabled = postgres && settings.countSummary();
        if (postgres) {
            keepZone(hub.zone().getId());
        }
    }

    /** Whether counts come from the summary (PostgreSQL, unless {@code tongfa.report.count-summary=false}). */
    public boolean enabled() {
        return enabled;
    }

    /** The summary's days are calendar days of the hub's zone: a hub configured with another zone rebuilds it. */
    private void keepZone(String zone) {
        String stored = jdbc.sql("select zone from count_zone").query(String.class).single();
        if (!stored.equals(zone)) {
            log.warn("count summary kept in {} but tongfa.zone is {}: rebuilding it from the ledger", stored, zone);
            jdbc.sql("select count_summary_rebuild(?)").param(zone).query((rs, n) -> 1).list();
        }
    }

    /** Recomputes the summary from the ledger and the items (after a bulk load that bypassed the triggers). */
    public void rebuild(String zone) {
        jdbc.sql("select count_summary_rebuild(?)").param(zone).query((rs, n) -> 1).list();
    }

    /** Folds the deltas into the daily rows; answers how many daily rows it touched. */
    @Scheduled(fixedDelayString = "${tongfa.report.compact-interval:10s}",
            initialDelayString = "${tongfa.report.compact-interval:10s}")
    public long compact() {
        if (!postgres) {
            return 0;
        }
        try {
            return jdbc.sql("select count_summary_compact()").query(Long.class).single();
        } catch (RuntimeException e) {
            log.warn("count summary not compacted: {}", e.toString());
            return 0;
        }
    }
}
