package cn.tongfa.hub.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.HubSettings;

/**
 * Yearly counts from the delivery ledger. A delivery counts in the year of its first {@code deliveredAt} in
 * the hub's zone (an update of an item already delivered does not count again; a withdrawn item stays
 * counted); an item counts in the year of its first delivery on any channel.
 */
@Service
public class CountsService {

    static final int LIMIT_WORKING_DAYS = 20;
    static final String UNCATEGORISED = "未分类";

    /** First delivery of each item on each channel of the agency. */
    private static final String FIRSTS = """
            with firsts as (
                select item_id, channel, min(delivered_at) as first_at
                from delivery
                where agency = :agency and delivered_at is not null
                group by item_id, channel
            ), item_firsts as (
                select item_id, min(first_at) as first_at from firsts group by item_id
            )
            """;

    private final JdbcClient jdbc;
    private final ZoneId zone;

    CountsService(JdbcClient jdbc, HubSettings settings) {
        this.jdbc = jdbc;
        this.zone = settings.zone();
    }

    public Counts counts(String agency, int year) {
        OffsetDateTime start = LocalDate.of(year, 1, 1).atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime end = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toOffsetDateTime();

        Map<String, Long> deliveries = new LinkedHashMap<>();
        Channels.ALL.forEach(channel -> deliveries.put(channel, 0L));
        jdbc.sql(FIRSTS + "select channel, count(*) from firsts where first_at >= :start and first_at < :end "
                        + "group by channel")
                .param("agency", agency).param("start", start).param("end", end)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(entry -> deliveries.put(entry.getKey(), entry.getValue()));
        long total = deliveries.values().stream().mapToLong(Long::longValue).sum();

        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> byDocType = new TreeMap<>();
        long[] items = {0};
        long[] timely = {0, 0};
        jdbc.sql(FIRSTS + """
                        select i.category, i.doc_type, i.written_on, f.first_at
                        from item_firsts f join item i on i.id = f.item_id
                        where f.first_at >= :start and f.first_at < :end
                        """)
                .param("agency", agency).param("start", start).param("end", end)
                .query(rs -> {
                    items[0]++;
                    String category = rs.getString(1);
                    byCategory.merge(category == null ? UNCATEGORISED : category, 1L, Long::sum);
                    String docType = rs.getString(2);
                    if (docType != null) {
                        byDocType.merge(docType, 1L, Long::sum);
                    }
                    LocalDate writtenOn = rs.getObject(3, LocalDate.class);
                    if (writtenOn != null) {
                        LocalDate published = rs.getObject(4, OffsetDateTime.class).atZoneSameInstant(zone)
                                .toLocalDate();
                        timely[WorkingDays.OFFICIAL.between(writtenOn, published) <= LIMIT_WORKING_DAYS ? 0 : 1]++;
                    }
                });

        long cumulative = jdbc.sql(FIRSTS + "select count(*) from item_firsts where first_at < :end")
                .param("agency", agency).param("end", end)
                .query(Long.class).single();

        return new Counts(agency, year, items[0], deliveries, total, byCategory, byDocType,
                new Counts.Timeliness(timely[0], timely[1], LIMIT_WORKING_DAYS, "weekends-only"),
                new Counts.Cumulative(cumulative));
    }
}
