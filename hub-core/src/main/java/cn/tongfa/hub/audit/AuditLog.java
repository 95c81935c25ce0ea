package cn.tongfa.hub.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit log. Entries are written in the transaction of the action they record, so an action
 * and its entry exist together or not at all. There is no method to change or remove an entry.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String agency, String action, String itemId, String detail) {
        jdbc.sql("insert into audit_event (at, actor, agency, action, item_id, detail) values (?, ?, ?, ?, ?, ?)")
                .params(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), actor, agency, action,
                        itemId, detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000))
                .update();
    }

    /** Entries newest first; {@code agency} null means every agency, {@code itemId} null every item. */
    public List<AuditEvent> find(String agency, String itemId, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        List<String> clauses = new ArrayList<>();
        if (agency != null) {
            clauses.add("agency = ?");
            params.add(agency);
        }
        if (itemId != null) {
            clauses.add("item_id = ?");
            params.add(itemId);
        }
        params.add(limit);
        params.add(offset);
        return jdbc.sql("select id, at, actor, agency, action, item_id, detail from audit_event"
                        + (clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses))
                        + " order by id desc limit ? offset ?")
                .params(params)
                .query(AuditLog::map)
                .list();
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("agency"), rs.getString("action"), rs.getString("item_id"),
                rs.getString("detail"));
    }
}
