package cn.tongfa.hub.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.HubSettings;

/**
 * Yearly counts from the delivery ledger, plus what was imported for the years before the hub.
 *
 * <p>A delivery counts in the year of its first {@code deliveredAt} in the hub's zone (an update of an item
 * already delivered does not count again; a withdrawn item stays counted); an item counts in the year of its
 * first delivery on any channel, and so do its category and document type (本年制发 of a 规章 or 行政规范性文件).
 * A 废止 counts in the year of its date. 累计数 add every year up to the end of the year, starting from the last
 * 累计数 the imported records state.
 */
@Service
public class CountsService {

    static final int LIMIT_WORKING_DAYS = 20;
    static final String UNCATEGORISED = "未分类";
    static final List<String> NORMATIVE_TYPES = List.of("规章", "行政规范性文件");
    static final String CONVENTION = "自成文日期后的第一个工作日起算为第1个工作日，发布当日如为工作日则计入；"
            + "法定节假日和调休依国务院办公厅每年的部分节假日安排通知；时间均为北京时间";

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

    private static final OffsetDateTime BEGINNING = OffsetDateTime.parse("1900-01-01T00:00:00Z");

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final WorkingDays calendar;
    private final HistoricRecords history;
    private final LedgerSummary summary;

    CountsService(JdbcClient jdbc, HubSettings settings, WorkingDays calendar, HistoricRecords history,
            LedgerSummary summary) {
        this.jdbc = jdbc;
        this.zone = settings.zone();
        this.calendar = calendar;
        this.history = history;
        this.summary = summary;
    }

    public Counts counts(String agency, int year) {
        return counts(agency, year, summary.enabled());
    }

    /**
     * The counts, from the pre-aggregated summary or from the raw ledger. Both give the same numbers (tested by
     * CountSummaryPostgresIT); the raw way is the definition, the summary the fast way on PostgreSQL.
     */
    Counts counts(String agency, int year, boolean fromSummary) {
        HistoricRecords.Imported imported = history.load(agency);
        Tally ledger = tally(agency, start(year), start(year + 1), true, fromSummary);
        Map<Integer, Tally> since = new HashMap<>();
        java.util.function.IntFunction<Tally> ledgerSince = from -> since.computeIfAbsent(from,
                f -> tally(agency, f == Integer.MIN_VALUE ? BEGINNING : start(f), start(year + 1), false,
                        fromSummary));

        Map<String, Long> deliveries = new LinkedHashMap<>();
        Map<String, Long> cumulativeDeliveries = new LinkedHashMap<>();
        for (String channel : Channels.ALL) {
            deliveries.put(channel, ledger.get("channel", channel) + imported.count("channel", channel, year));
            cumulativeDeliveries.put(channel, cumulative("channel", channel, year, imported, ledgerSince));
        }
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> byDocType = new TreeMap<>();
        Map<String, Long> cumulativeCategory = new TreeMap<>();
        Map<String, Long> cumulativeDocType = new TreeMap<>();
        for (String category : union(ledger.byCategory.keySet(), imported.dims("category", year, year))) {
            byCategory.put(category, ledger.get("category", category) + imported.count("category", category, year));
        }
        for (String docType : union(ledger.byDocType.keySet(), imported.dims("docType", year, year))) {
            byDocType.put(docType, ledger.get("docType", docType) + imported.count("docType", docType, year));
        }
        Tally everything = ledgerSince.apply(Integer.MIN_VALUE);
        for (String category : union(everything.byCategory.keySet(), imported.dims("category", 0, year))) {
            cumulativeCategory.put(category, cumulative("category", category, year, imported, ledgerSince));
        }
        for (String docType : union(everything.byDocType.keySet(), imported.dims("docType", 0, year))) {
            cumulativeDocType.put(docType, cumulative("docType", docType, year, imported, ledgerSince));
        }
        Map<String, Counts.Normative> normative = new LinkedHashMap<>();
        for (String type : NORMATIVE_TYPES) {
            normative.put(type, new Counts.Normative(
                    ledger.get("docType", type) + imported.count("docType", type, year),
                    ledger.get("repealed", type) + imported.count("repealed", type, year),
                    inForce(type, year, imported, ledgerSince)));
        }
        long items = ledger.items + imported.count("items", "", year);
        long total = deliveries.values().stream().mapToLong(Long::longValue).sum();
        long cumulativeTotal = cumulativeDeliveries.values().stream().mapToLong(Long::longValue).sum();

        Counts.PreviousYear previous = previous(agency, year - 1, imported, fromSummary);
        boolean usesImport = imported.any(year) || imported.anyBefore(year);
        return new Counts(agency, year, items, deliveries, total, byCategory, byDocType,
                new Counts.Timeliness(ledger.within + imported.count("withinLimit", "", year),
                        ledger.over + imported.count("overLimit", "", year), LIMIT_WORKING_DAYS,
                        calendar.name(year), ledger.without, CONVENTION),
                new Counts.Cumulative(cumulative("items", "", year, imported, ledgerSince), cumulativeDeliveries,
                        cumulativeTotal, cumulativeCategory, cumulativeDocType),
                normative, previous, usesImport);
    }

    /** The items of the year published after the limit, longest first. */
    public List<LateItem> overLimit(String agency, int year) {
        return overLimit(agency, year, summary.enabled());
    }

    List<LateItem> overLimit(String agency, int year, boolean fromSummary) {
        List<LateItem> late = new ArrayList<>(fromSummary ? lateFromSummary(agency, year)
                : tally(agency, start(year), start(year + 1), true, false).late);
        late.sort((a, b) -> Integer.compare(b.workingDays(), a.workingDays()));
        return late;
    }

    /**
     * An item published more than 20 working days after its 成文日期.
     *
     * @param firstPublishedAt its first delivery on any channel
     */
    public record LateItem(String id, String title, String docNumber, LocalDate writtenOn,
            OffsetDateTime firstPublishedAt, int workingDays) {
    }

    private Counts.PreviousYear previous(String agency, int year, HistoricRecords.Imported imported,
            boolean fromSummary) {
        Tally ledger = tally(agency, start(year), start(year + 1), false, fromSummary);
        Map<String, Long> deliveries = new LinkedHashMap<>();
        for (String channel : Channels.ALL) {
            deliveries.put(channel, ledger.get("channel", channel) + imported.count("channel", channel, year));
        }
        return new Counts.PreviousYear(year, ledger.items + imported.count("items", "", year), deliveries,
                deliveries.values().stream().mapToLong(Long::longValue).sum());
    }

    /** The last imported 累计数 at or before the year, plus everything counted after it. */
    private static long cumulative(String measure, String dim, int year, HistoricRecords.Imported imported,
            java.util.function.IntFunction<Tally> ledgerSince) {
        Integer anchor = imported.lastCumulativeYear(measure, dim, year);
        long base = anchor == null ? 0 : imported.cumulative(measure, dim, anchor);
        int from = anchor == null ? Integer.MIN_VALUE : anchor + 1;
        return base + imported.sum(measure, dim, from, year) + ledgerSince.apply(from).get(measure, dim);
    }

    /** 现行有效 at the end of the year: the last imported figure, plus issued, less repealed since. */
    private static long inForce(String type, int year, HistoricRecords.Imported imported,
            java.util.function.IntFunction<Tally> ledgerSince) {
        Integer anchor = imported.lastCountYear("inForce", type, year);
        long base = anchor == null ? 0 : imported.count("inForce", type, anchor);
        int from = anchor == null ? Integer.MIN_VALUE : anchor + 1;
        Tally ledger = ledgerSince.apply(from);
        long issued = imported.sum("docType", type, from, year) + ledger.get("docType", type);
        long repealed = imported.sum("repealed", type, from, year) + ledger.get("repealed", type);
        return Math.max(0, base + issued - repealed);
    }

    private Tally tally(String agency, OffsetDateTime from, OffsetDateTime to, boolean timeliness,
            boolean fromSummary) {
        return fromSummary ? summaryTally(agency, from, to, timeliness) : ledgerTally(agency, from, to, timeliness);
    }

    /**
     * The tally from the summary: the daily rows and the deltas not folded yet, read in one statement. Timeliness
     * is judged per pair of 成文日期 and first-delivery day, which is all the working-day count depends on.
     */
    private Tally summaryTally(String agency, OffsetDateTime from, OffsetDateTime to, boolean timeliness) {
        Tally tally = new Tally();
        LocalDate fromDay = from.atZoneSameInstant(zone).toLocalDate();
        LocalDate toDay = to.atZoneSameInstant(zone).toLocalDate();
        jdbc.sql("""
                        select measure, dim, case when measure = 'writtenOn' then day end as day, sum(n) as n
                        from (select day, measure, dim, n from count_daily
                              where agency = :agency and day >= :from and day < :to
                              union all
                              select day, measure, dim, n from count_delta
                              where agency = :agency and day >= :from and day < :to) s
                        group by measure, dim, case when measure = 'writtenOn' then day end
                        """)
                .param("agency", agency).param("from", fromDay).param("to", toDay)
                .query(rs -> {
                    long n = rs.getLong("n");
                    if (n == 0) {
                        return;
                    }
                    String dim = rs.getString("dim");
                    switch (rs.getString("measure")) {
                        case "channel" -> tally.channels.merge(dim, n, Long::sum);
                        case "items" -> tally.items += n;
                        case "category" -> tally.byCategory.merge(dim.isEmpty() ? UNCATEGORISED : dim, n, Long::sum);
                        case "docType" -> {
                            if (!dim.isEmpty()) {
                                tally.byDocType.merge(dim, n, Long::sum);
                            }
                        }
                        case "writtenOn" -> {
                            if (!timeliness) {
                                return;
                            }
                            if (dim.isEmpty()) {
                                tally.without += n;
                            } else if (calendar.between(LocalDate.parse(dim),
                                    rs.getObject("day", LocalDate.class)) <= LIMIT_WORKING_DAYS) {
                                tally.within += n;
                            } else {
                                tally.over += n;
                            }
                        }
                        default -> {
                        }
                    }
                });
        jdbc.sql("""
                        select i.doc_type, count(*) from item_validity v
                        join item i on i.id = v.item_id
                        join item_first f on f.item_id = v.item_id and f.agency = :agency
                        where v.agency = :agency and v.repealed_on >= :startDate and v.repealed_on < :endDate
                          and f.first_at < :end and i.doc_type is not null
                        group by i.doc_type
                        """)
                .param("agency", agency).param("startDate", fromDay).param("endDate", toDay).param("end", to)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(entry -> tally.repealed.put(entry.getKey(), entry.getValue()));
        return tally;
    }

    /**
     * The late items from the summary: it tells which 成文日期 have items over the limit and from which day on,
     * and the items themselves are looked up by 成文日期 (index item_first_written), never the whole year.
     */
    private List<LateItem> lateFromSummary(String agency, int year) {
        OffsetDateTime from = start(year);
        OffsetDateTime to = start(year + 1);
        Map<LocalDate, LocalDate> earliestLateDay = new TreeMap<>();
        jdbc.sql("""
                        select dim, day, sum(n) as n
                        from (select day, dim, n from count_daily
                              where agency = :agency and measure = 'writtenOn' and day >= :from and day < :to
                              union all
                              select day, dim, n from count_delta
                              where agency = :agency and measure = 'writtenOn' and day >= :from and day < :to) s
                        where dim <> ''
                        group by dim, day
                        """)
                .param("agency", agency)
                .param("from", from.atZoneSameInstant(zone).toLocalDate())
                .param("to", to.atZoneSameInstant(zone).toLocalDate())
                .query(rs -> {
                    LocalDate writtenOn = LocalDate.parse(rs.getString("dim"));
                    LocalDate day = rs.getObject("day", LocalDate.class);
                    if (rs.getLong("n") > 0 && calendar.between(writtenOn, day) > LIMIT_WORKING_DAYS) {
                        earliestLateDay.merge(writtenOn, day, (a, b) -> a.isBefore(b) ? a : b);
                    }
                });
        List<LateItem> late = new ArrayList<>();
        earliestLateDay.forEach((writtenOn, day) -> jdbc.sql("""
                        select i.id, i.title, i.doc_number, i.written_on, f.first_at
                        from item_first f join item i on i.id = f.item_id
                        where f.written_on = :writtenOn and f.agency = :agency and f.first_at >= :since
                          and f.first_at < :end
                        """)
                .param("writtenOn", writtenOn).param("agency", agency)
                .param("since", day.atStartOfDay(zone).toOffsetDateTime()).param("end", to)
                .query(rs -> {
                    LocalDate written = rs.getObject("written_on", LocalDate.class);
                    OffsetDateTime first = rs.getObject("first_at", OffsetDateTime.class);
                    int days = calendar.between(written, first.atZoneSameInstant(zone).toLocalDate());
                    if (days > LIMIT_WORKING_DAYS) {
                        late.add(new LateItem(rs.getString("id"), rs.getString("title"), rs.getString("doc_number"),
                                written, first.atZoneSameInstant(zone).toOffsetDateTime(), days));
                    }
                }));
        return late;
    }

    /** The tally from the raw ledger: the definition of the counts. */
    private Tally ledgerTally(String agency, OffsetDateTime from, OffsetDateTime to, boolean timeliness) {
        Tally tally = new Tally();
        jdbc.sql(FIRSTS + "select channel, count(*) from firsts where first_at >= :start and first_at < :end "
                        + "group by channel")
                .param("agency", agency).param("start", from).param("end", to)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(entry -> tally.channels.put(entry.getKey(), entry.getValue()));
        jdbc.sql(FIRSTS + """
                        select i.id, i.title, i.doc_number, i.category, i.doc_type, i.written_on, f.first_at
                        from item_firsts f join item i on i.id = f.item_id
                        where f.first_at >= :start and f.first_at < :end
                        """)
                .param("agency", agency).param("start", from).param("end", to)
                .query(rs -> {
                    tally.items++;
                    String category = rs.getString("category");
                    tally.byCategory.merge(category == null ? UNCATEGORISED : category, 1L, Long::sum);
                    String docType = rs.getString("doc_type");
                    if (docType != null) {
                        tally.byDocType.merge(docType, 1L, Long::sum);
                    }
                    if (!timeliness) {
                        return;
                    }
                    LocalDate writtenOn = rs.getObject("written_on", LocalDate.class);
                    if (writtenOn == null) {
                        tally.without++;
                        return;
                    }
                    OffsetDateTime first = rs.getObject("first_at", OffsetDateTime.class);
                    int days = calendar.between(writtenOn, first.atZoneSameInstant(zone).toLocalDate());
                    if (days <= LIMIT_WORKING_DAYS) {
                        tally.within++;
                    } else {
                        tally.over++;
                        tally.late.add(new LateItem(rs.getString("id"), rs.getString("title"),
                                rs.getString("doc_number"), writtenOn,
                                first.atZoneSameInstant(zone).toOffsetDateTime(), days));
                    }
                });
        jdbc.sql(FIRSTS + """
                        select i.doc_type, count(*) from item_validity v
                        join item i on i.id = v.item_id
                        join item_firsts f on f.item_id = v.item_id
                        where v.agency = :agency and v.repealed_on >= :startDate and v.repealed_on < :endDate
                          and f.first_at < :end and i.doc_type is not null
                        group by i.doc_type
                        """)
                .param("agency", agency)
                .param("startDate", from.atZoneSameInstant(zone).toLocalDate())
                .param("endDate", to.atZoneSameInstant(zone).toLocalDate())
                .param("end", to)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(entry -> tally.repealed.put(entry.getKey(), entry.getValue()));
        return tally;
    }

    private OffsetDateTime start(int year) {
        return LocalDate.of(year, 1, 1).atStartOfDay(zone).toOffsetDateTime();
    }

    private static java.util.Set<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
        java.util.Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** What the ledger holds for one period. */
    private static final class Tally {
        long items;
        long within;
        long over;
        long without;
        final Map<String, Long> channels = new HashMap<>();
        final Map<String, Long> byCategory = new HashMap<>();
        final Map<String, Long> byDocType = new HashMap<>();
        final Map<String, Long> repealed = new HashMap<>();
        final List<LateItem> late = new ArrayList<>();

        long get(String measure, String dim) {
            return switch (measure) {
                case "items" -> items;
                case "channel" -> channels.getOrDefault(dim, 0L);
                case "category" -> byCategory.getOrDefault(dim, 0L);
                case "docType" -> byDocType.getOrDefault(dim, 0L);
                case "repealed" -> repealed.getOrDefault(dim, 0L);
                default -> 0L;
            };
        }
    }
}
