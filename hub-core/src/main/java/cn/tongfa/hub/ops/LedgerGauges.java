package cn.tongfa.hub.ops;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.sql.Timestamp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;

/**
 * The operations gauges that come from the database, refreshed every {@code tongfa.ops.refresh-interval}
 * (15 s) by the process that owns the ledger, so that a scrape never runs a query. Labels: agency and channel
 * only.
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
    private final AgencyDirectory agencies;
    private final HubSettings settings;
    private final Clock clock;
    private final ConsumerLag lag;
    private final MultiGauge lastPostAge;
    private final MultiGauge deliveredThisYear;
    private final MultiGauge unconfirmed;
    private final MultiGauge awaitingReview;
    private final MultiGauge reportDeadline;
    private final MultiGauge reportPublished;
    private final MultiGauge lagRecords;

    LedgerGauges(JdbcClient jdbc, AgencyDirectory agencies, HubSettings settings, Clock clock, ConsumerLag lag,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.agencies = agencies;
        this.settings = settings;
        this.clock = clock;
        this.lag = lag;
        this.lastPostAge = MultiGauge.builder("tongfa.account.last.post.age.days")
                .description("Days since the account's last delivered publication").register(registry);
        this.deliveredThisYear = MultiGauge.builder("tongfa.ledger.delivered.this.year")
                .description("Items first delivered on the channel this year (from the ledger)").register(registry);
        this.unconfirmed = MultiGauge.builder("tongfa.deliveries.unconfirmed")
                .description("Deliveries in doubt (UNCONFIRMED) waiting for a person").register(registry);
        this.awaitingReview = MultiGauge.builder("tongfa.items.awaiting.review")
                .description("Items waiting in their review chain").register(registry);
        this.reportDeadline = MultiGauge.builder("tongfa.report.deadline.days")
                .description("Days until 31 January for the annual report due next (negative: overdue)")
                .register(registry);
        this.reportPublished = MultiGauge.builder("tongfa.report.published")
                .description("1 when the annual report due next is published, else 0").register(registry);
        this.lagRecords = MultiGauge.builder("tongfa.connector.lag.records")
                .description("Item records the channel's consumer group has not yet committed").register(registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${tongfa.ops.refresh-interval:15s}", initialDelayString = "${tongfa.ops.refresh-interval:15s}")
    void refresh() {
        try {
            refreshLedger();
        } catch (RuntimeException e) {
            log.warn("operations gauges not refreshed: {}", e.toString());
        }
        lagRecords.register(lag.perChannel().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("channel", e.getKey()), e.getValue()))
                .toList(), true);
    }

    private void refreshLedger() {
        ZonedDateTime now = clock.instant().atZone(settings.zone());
        List<Agency> all = agencies.all();

        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        jdbc.sql("select agency, channel, max(delivered_at) from delivery where status = 'DELIVERED' "
                        + "and action = 'PUBLISH' group by agency, channel")
                .query((rs, n) -> {
                    Timestamp last = rs.getTimestamp(3);
                    if (last != null) {
                        double days = (clock.millis() - last.getTime()) / 86_400_000d;
                        ages.add(MultiGauge.Row.of(Tags.of("agency", rs.getString(1), "channel", rs.getString(2)),
                                Math.max(0, days)));
                    }
                    return null;
                }).list();
        lastPostAge.register(ages, true);

        Timestamp yearStart = Timestamp.from(now.toLocalDate().withDayOfYear(1).atStartOfDay(settings.zone())
                .toInstant());
        Map<String, Long> thisYear = new HashMap<>();
        jdbc.sql("select agency, channel, count(*) from (select agency, channel, item_id from delivery "
                        + "where status in ('DELIVERED', 'WITHDRAWN') and delivered_at is not null "
                        + "group by agency, channel, item_id having min(delivered_at) >= ?) d group by agency, channel")
                .param(yearStart)
                .query((rs, n) -> thisYear.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getLong(3)))
                .list();
        List<MultiGauge.Row<?>> yearRows = new ArrayList<>();
        for (Agency agency : all) {
            for (String channel : agency.channels()) {
                yearRows.add(MultiGauge.Row.of(Tags.of("agency", agency.id(), "channel", channel),
                        thisYear.getOrDefault(agency.id() + "\u0000" + channel, 0L)));
            }
        }
        deliveredThisYear.register(yearRows, true);

        Map<String, Long> doubtful = new HashMap<>();
        jdbc.sql("select channel, count(*) from delivery where status = 'UNCONFIRMED' group by channel")
                .query((rs, n) -> doubtful.put(rs.getString(1), rs.getLong(2))).list();
        unconfirmed.register(Channels.ALL.stream()
                .map(channel -> MultiGauge.Row.of(Tags.of("channel", channel), doubtful.getOrDefault(channel, 0L)))
                .toList(), true);

        Map<String, Long> inReview = new HashMap<>();
        jdbc.sql("select agency, count(*) from item where status = 'IN_REVIEW' group by agency")
                .query((rs, n) -> inReview.put(rs.getString(1), rs.getLong(2))).list();
        awaitingReview.register(all.stream()
                .map(a -> MultiGauge.Row.of(Tags.of("agency", a.id()), inReview.getOrDefault(a.id(), 0L)))
                .toList(), true);

        // The report due next: last year's while January–March runs (due 31 January, overdue after), else this
        // year's (due next 31 January): the rule of the status board's reminder.
        LocalDate today = now.toLocalDate();
        int reportYear = today.getMonthValue() <= 3 ? today.getYear() - 1 : today.getYear();
        long daysLeft = ChronoUnit.DAYS.between(today, LocalDate.of(reportYear + 1, 1, 31));
        List<String> published = jdbc.sql("select distinct p.agency from report_publication p join item i "
                        + "on i.id = p.item_id where p.report_year = ? and i.status = 'PUBLISHED'")
                .param(reportYear).query(String.class).list();
        reportDeadline.register(all.stream()
                .map(a -> MultiGauge.Row.of(Tags.of("agency", a.id()), daysLeft)).toList(), true);
        reportPublished.register(all.stream()
                .map(a -> MultiGauge.Row.of(Tags.of("agency", a.id()), published.contains(a.id()) ? 1 : 0))
                .toList(), true);
    }
}
