package cn.tongfa.hub.item;

import java.time.OffsetDateTime;
import java.time.ZoneId;

/** The filters of {@code GET /api/v1/items}. */
public record ItemFilter(String agency, ItemStatus status, String channel, Integer year, String q, ZoneId zone) {

    public OffsetDateTime yearStart() {
        return java.time.LocalDate.of(year, 1, 1).atStartOfDay(zone).toOffsetDateTime();
    }

    public OffsetDateTime yearEnd() {
        return java.time.LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toOffsetDateTime();
    }
}
