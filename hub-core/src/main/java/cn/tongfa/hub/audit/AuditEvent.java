package cn.tongfa.hub.audit;

import java.time.Instant;

/** One entry of the audit log: who did what, when, to which item. */
public record AuditEvent(long id, Instant at, String actor, String agency, String action, String itemId,
        String detail) {
}
