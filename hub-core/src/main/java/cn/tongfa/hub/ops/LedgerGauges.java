package cn.tongfa.hub.ops;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.sql.Timestamp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.report.LedgerSummary;

/**
 * The operations gauges that come from the database, refreshed every {@code tongfa.ops.refresh-interval}
 * (15 s) by the process that owns the ledger, so that a scrape never runs a query. Labels: agency and channel
 * only. No refresh reads the whole ledger: on PostgreSQL the yearly figures come from the count summary, the last
 * post of an account from the index on (agency, delivered_at) and the doubtful deliveries from a partial index.
 *
 * <ul>
 *   <li>{@code tongfa_account_last_post_age_days{channel,agency}}: days since the account's last delivered
 *       publication (政务新媒体 inspections fail an account silent for two weeks); absent until its first post</li>
 *   <li>{@code tongfa_ledger_delivered_this_year{channel,agency}}: items first delivered this year (the rule of
 *       the counts: an update does not count again)</li>
 *   <li>{@code tongfa_deliveries_unconfirmed{channel}}: deliveries in doubt, waiting for a person</li>
 *   <li>{@code tongfa_items_awaiting_review{agency}}: items in review</li>
 *   <li>{@code tongfa_report_deadline_days{agency}}, {@code tongfa_report_published{agency}}: days until 31
 *       January for the annual report due next (negative when overdue) and whether it is published</li>
 * </ul>
 */
@Component
@ConditionalOnRole("ledger")
class LedgerGauges {

    private static final Logger log = LoggerFactory.getLogger(LedgerGauges.class);

    private final JdbcClient jdbc;
    private final LedgerSummary summary;
    private final AgencyDirectory agencies;
    private final HubSettings settings;
    private final Clock clock;
    private final ConsumerLag lag;
    private final LiveMultiGauge lastPostAge;
    private final LiveMultiGauge deliveredThisYear;
    private final LiveMultiGauge unconfirmed;
    private final LiveMultiGauge awaitingReview;
    private final LiveMultiGauge reportDeadline;
    private final LiveMultiGauge reportPublished;
    private final LiveMultiGauge lagRecords;

    LedgerGauges(JdbcClient jdbc, AgencyDirectory agencies, HubSettings settings, Clock clock, ConsumerLag lag,
            LedgerSummary summary, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.summary = summary;
        this.agencies = agencies;
        this.settings = settings;
        this.clock = clock;
        this.lag = lag;
        this.lastPostAge = new LiveMultiGauge("tongfa.account.last.post.age.days",
                "Days since the account's last delivered publication", registry);
        this.deliveredThisYear = new LiveMultiGauge("tongfa.ledger.delivered.this.year",
                "Items first delivered on the channel this year (from the ledger)", registry);
        this.unconfirmed = new LiveMultiGauge("tongfa.deliveries.unconfirmed",
                "Deliveries in doubt (UNCONFIRMED) waiting for a person", registry);
        this.awaitingReview = new LiveMultiGauge("tongfa.items.awaiting.review",
                "Items waiting in their review chain", registry);
        this.reportDeadline = new LiveMultiGauge("tongfa.report.deadline.days",
                "Days until 31 January for the annual report due next (negative: overdue)", registry);
        this.reportPublished = new LiveMultiGauge("tongfa.report.published",
                "1 when the annual report due next is published, else 0", registry);
        this.lagRecords = new LiveMultiGauge("tongfa.connector.lag.records",
                "Item records the channel's consumer group has not yet committed", registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${tongfa.ops.refresh-interval:15s}", initialDelayString = "${tongfa.ops.refresh-interval:15s}")
    void refresh() {
        try {
            refreshLedger();
        } catch (RuntimeException e) {
            log.warn("operations gauges not refreshed: {}", e.toString());
        }
        Map<Tags, Number> lagRows = new LinkedHashMap<>();
        lag.perChannel().forEach((channel, records) -> lagRows.put(Tags.of("channel", channel), records));
        lagRecords.publish(lagRows);
    }

    private void refreshLedger() {
        ZonedDateTime now = clock.instant().atZone(settings.zone());
        List<Agency> all = agencies.all();

        Map<Tags, Number> ages = new LinkedHashMap<>();
        // One indexed look-up per account (delivery_agency_delivered, newest first) instead of grouping the whole
        // ledger: with millions of rows the grouped scan took longer than the refresh interval.
        for (Agency agency : all) {
            for (String channel : agency.channels()) {
                Timestamp last = jdbc.sql("select max(delivered_at) from delivery where agency = ? and channel = ? "
                                + "and status = 'DELIVERED' and action = 'PUBLISH'")
                        .params(agency.id(), channel).query(Timestamp.class).optional().orElse(null);
                if (last != null) {
                    double days = (clock.millis() - last.getTime()) / 86_400_000d;
                    ages.put(Tags.of("agency", agency.id(), "channel", channel), Math.max(0, days));
                }
            }
        }
        lastPostAge.publish(ages);

        LocalDate firstDay = now.toLocalDate().withDayOfYear(1);
        Map<String, Long> thisYear = new HashMap<>();
        if (summary.enabled()) {
            // PostgreSQL: the count summary the annual report reads (the same rule, so the gauge and the counts agree).
            jdbc.sql("""
                            select agency, dim, sum(n) from (
                                select agency, dim, n from count_daily where measure = 'channel' and day >= ?
                                union all
                                select agency, dim, n from count_delta where measure = 'channel' and day >= ?) s
                            group by agency, dim
                            """)
                    .params(firstDay, firstDay)
                    .query((rs, n) -> thisYear.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getLong(3)))
                    .list();
        } else {
            Timestamp yearStart = Timestamp.from(firstDay.atStartOfDay(settings.zone()).toInstant());
            jdbc.sql("select agency, channel, count(*) from (select agency, channel, item_id from delivery "
                            + "where status in ('DELIVERED', 'WITHDRAWN') and delivered_at is not null "
                            + "group by agency, channel, item_id having min(delivered_at) >= ?) d group by agency, channel")
                    .param(yearStart)
                    .query((rs, n) -> thisYear.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getLong(3)))
                    .list();
        }
        Map<Tags, Number> yearRows = new LinkedHashMap<>();
        for (Agency agency : all) {
            for (String channel : agency.channels()) {
                yearRows.put(Tags.of("agency", agency.id(), "channel", channel),
                        thisYear.getOrDefault(agency.id() + "\u0000" + channel, 0L));
            }
        }
        deliveredThisYear.publish(yearRows);

        Map<String, Long> doubtful = new HashMap<>();
        jdbc.sql("select channel, count(*) from delivery where status = 'UNCONFIRMED' group by channel")
                .query((rs, n) -> doubtful.put(rs.getString(1), rs.getLong(2))).list();
        Map<Tags, Number> doubtRows = new LinkedHashMap<>();
        Channels.ALL.forEach(channel -> doubtRows.put(Tags.of("channel", channel), doubtful.getOrDefault(channel, 0L)));
        unconfirmed.publish(doubtRows);

        Map<String, Long> inReview = new HashMap<>();
        jdbc.sql("select agency, count(*) from item where status = 'IN_REVIEW' group by agency")
                .query((rs, n) -> inReview.put(rs.getString(1), rs.getLong(2))).list();
        awaitingReview.publish(perAgency(all, a -> inReview.getOrDefault(a.id(), 0L)));

        // The report due next: last year's while January–March runs (due 31 January, overdue after), else this
        // year's (due next 31 January): the rule of the status board's reminder.
        LocalDate today = now.toLocalDate();
        int reportYear = today.getMonthValue() <= 3 ? today.getYear() - 1 : today.getYear();
        long daysLeft = ChronoUnit.DAYS.between(today, LocalDate.of(reportYear + 1, 1, 31));
        List<String> published = jdbc.sql("select distinct p.agency from report_publication p join item i "
                        + "on i.id = p.item_id where p.report_year = ? and i.status = 'PUBLISHED'")
                .param(reportYear).query(String.class).list();
        reportDeadline.publish(perAgency(all, a -> daysLeft));
        reportPublished.publish(perAgency(all, a -> published.contains(a.id()) ? 1 : 0));
    }

    private static Map<Tags, Number> perAgency(List<Agency> agencies, Function<Agency, Number> value) {
        Map<Tags, Number> rows = new LinkedHashMap<>();
        agencies.forEach(agency -> rows.put(Tags.of("agency", agency.id()), value.apply(agency)));
        return rows;
    }
}
