package cn.tongfa.hub.report;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.audit.AuditLog;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ApiException.FieldProblem;

/**
 * Counts of the years before the hub, imported from CSV so that 累计数 and the comparison with last year are
 * right from the hub's first year. Imported counts are added to the ledger's for the same year (a hub started in
 * July takes January–June from the import).
 *
 * <p>The CSV has a header and one row per figure: {@code year,measure,key,count,cumulative} (or the Chinese
 * header {@code 年度,指标,项目,本年数,累计数}). Measures: {@code items} (信息条数, no key), {@code channel} (key
 * portal/disclosure/wechat/weibo), {@code category} (主题分类), {@code docType} (文件类型: 本年制发),
 * {@code repealed} (本年废止, key 规章 or 行政规范性文件), {@code inForce} (现行有效 at the year's end),
 * {@code withinLimit} and {@code overLimit} (timeliness). {@code cumulative}, where given, is the 累计数 at the
 * end of that year. An import replaces every figure of the years it contains.
 */
@Component
public class HistoricRecords {

    static final Map<String, String> MEASURES = new LinkedHashMap<>();

    static {
        MEASURES.put("items", "信息条数");
        MEASURES.put("channel", "渠道");
        MEASURES.put("category", "分类");
        MEASURES.put("docType", "文件类型");
        MEASURES.put("repealed", "本年废止");
        MEASURES.put("inForce", "现行有效");
        MEASURES.put("withinLimit", "按时公开");
        MEASURES.put("overLimit", "超期公开");
    }

    static final int MAX_ROWS = 10_000;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    HistoricRecords(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** One imported figure. */
    public record Row(int year, String measure, String key, Long count, Long cumulative) {
    }

    List<Row> list(String agency) {
        return jdbc.sql("select report_year, measure, dim, year_count, cumulative from report_history "
                        + "where agency = ? order by report_year, measure, dim")
                .param(agency)
                .query((rs, n) -> new Row(rs.getInt(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4, Long.class), (Long) rs.getObject(5, Long.class)))
                .list();
    }

    Imported load(String agency) {
        return new Imported(list(agency));
    }

    /** Parses, checks every line, and replaces the years the file contains. Answers the years imported. */
    @Transactional
    Set<Integer> importCsv(String agency, String csv, HubUser user, int currentYear) {
        List<Row> rows = parse(csv, currentYear);
        Set<Integer> years = new TreeSet<>();
        rows.forEach(row -> years.add(row.year()));
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        for (int year : years) {
            jdbc.sql("delete from report_history where agency = ? and report_year = ?").params(agency, year).update();
        }
        for (Row row : rows) {
            jdbc.sql("insert into report_history (agency, report_year, measure, dim, year_count, cumulative, "
                            + "imported_by, imported_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(agency, row.year(), row.measure(), row.key(), row.count(), row.cumulative(),
                            user.username(), now)
                    .update();
        }
        audit.record(user.username(), agency, "REPORT_IMPORT", null, rows.size() + " rows, years " + years);
        return years;
    }

    static List<Row> parse(String csv, int currentYear) {
        List<FieldProblem> problems = new ArrayList<>();
        String text = csv == null ? "" : csv.replace("\uFEFF", "");
        String[] lines = text.split("\r?\n");
        if (lines.length < 2 || lines[0].isBlank()) {
            throw ApiException.invalid(List.of(new FieldProblem("csv", "history.empty")));
        }
        List<String> header = split(lines[0]).stream().map(String::strip).toList();
        List<String> english = List.of("year", "measure", "key", "count", "cumulative");
        List<String> chinese = List.of("年度", "指标", "项目", "本年数", "累计数");
        if (!header.equals(english) && !header.equals(chinese)) {
            throw ApiException.invalid(List.of(new FieldProblem("csv[1]", "history.header")));
        }
        if (lines.length - 1 > MAX_ROWS) {
            throw ApiException.invalid(List.of(new FieldProblem("csv", "history.tooMany", MAX_ROWS)));
        }
        Map<String, Row> seen = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String at = "csv[" + (i + 1) + "]";
            List<String> cells = split(lines[i]);
            while (cells.size() < 5) {
                cells.add("");
            }
            Integer year = integer(cells.get(0), at + ".year", problems);
            if (year != null && (year < 2000 || year > currentYear)) {
                problems.add(new FieldProblem(at + ".year", "history.year", year, currentYear));
            }
            String measure = measure(cells.get(1).strip());
            if (measure == null) {
                problems.add(new FieldProblem(at + ".measure", "history.measure", cells.get(1).strip(),
                        String.join("、", MEASURES.keySet())));
                continue;
            }
            String key = cells.get(2).strip();
            boolean keyless = Set.of("items", "withinLimit", "overLimit").contains(measure);
            if (keyless && !key.isEmpty()) {
                problems.add(new FieldProblem(at + ".key", "history.keyNotAllowed", measure));
            } else if (!keyless && key.isEmpty()) {
                problems.add(new FieldProblem(at + ".key", "history.keyRequired", measure));
            } else if (measure.equals("channel") && !Channels.isKnown(key)) {
                problems.add(new FieldProblem(at + ".key", "channel.unknown", key));
            } else if (Set.of("repealed", "inForce").contains(measure) && !CountsService.NORMATIVE_TYPES.contains(key)) {
                problems.add(new FieldProblem(at + ".key", "history.normativeKey", key));
            } else if (key.length() > 100) {
                problems.add(new FieldProblem(at + ".key", "field.tooLong", 100, key.length()));
            }
            Long count = cells.get(3).isBlank() ? null : (long) orZero(integer(cells.get(3), at + ".count", problems));
            Long cumulative = cells.get(4).isBlank() ? null
                    : (long) orZero(integer(cells.get(4), at + ".cumulative", problems));
            if (count == null && cumulative == null) {
                problems.add(new FieldProblem(at + ".count", "history.noNumber"));
            }
            if (cumulative != null && Set.of("inForce", "withinLimit", "overLimit").contains(measure)) {
                problems.add(new FieldProblem(at + ".cumulative", "history.noCumulative", measure));
            }
            Row row = new Row(year == null ? 0 : year, measure, key, count, cumulative);
            if (seen.put(row.year() + "|" + measure + "|" + key, row) != null) {
                problems.add(new FieldProblem(at, "history.duplicate", row.year(), measure, key));
            }
            rows.add(row);
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        if (rows.isEmpty()) {
            throw ApiException.invalid(List.of(new FieldProblem("csv", "history.empty")));
        }
        return rows;
    }

    private static String measure(String given) {
        for (Map.Entry<String, String> entry : MEASURES.entrySet()) {
            if (entry.getKey().equals(given) || entry.getValue().equals(given)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Integer integer(String cell, String field, List<FieldProblem> problems) {
        String value = cell.strip();
        if (value.matches("\\d{1,9}")) {
            return Integer.valueOf(value);
        }
        problems.add(new FieldProblem(field, "figures.notCount", value));
        return null;
    }

    /** One CSV line: commas, with double quotes around a cell that holds one. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The imported figures of one agency. */
    static final class Imported {

        private final Map<String, Row> rows = new HashMap<>();
        private final Set<Integer> years = new TreeSet<>();

        Imported(List<Row> list) {
            for (Row row : list) {
                rows.put(row.year() + "|" + row.measure() + "|" + row.key(), row);
                years.add(row.year());
            }
        }

        private Row row(String measure, String key, int year) {
            return rows.get(year + "|" + measure + "|" + key);
        }

        long count(String measure, String key, int year) {
            Row row = row(measure, key, year);
            return row == null || row.count() == null ? 0 : row.count();
        }

        long cumulative(String measure, String key, int year) {
            Row row = row(measure, key, year);
            return row == null || row.cumulative() == null ? 0 : row.cumulative();
        }

        Integer lastCumulativeYear(String measure, String key, int atOrBefore) {
            Integer found = null;
            for (Row row : rows.values()) {
                if (row.measure().equals(measure) && row.key().equals(key) && row.cumulative() != null
                        && row.year() <= atOrBefore && (found == null || row.year() > found)) {
                    found = row.year();
                }
            }
            return found;
        }

        Integer lastCountYear(String measure, String key, int atOrBefore) {
            Integer found = null;
            for (Row row : rows.values()) {
                if (row.measure().equals(measure) && row.key().equals(key) && row.count() != null
                        && row.year() <= atOrBefore && (found == null || row.year() > found)) {
                    found = row.year();
                }
            }
            return found;
        }

        long sum(String measure, String key, int fromYear, int toYear) {
            long sum = 0;
            for (Row row : rows.values()) {
                if (row.measure().equals(measure) && row.key().equals(key) && row.count() != null
                        && row.year() >= fromYear && row.year() <= toYear) {
                    sum += row.count();
                }
            }
            return sum;
        }

        Set<String> dims(String measure, int fromYear, int toYear) {
            Set<String> dims = new TreeSet<>();
            for (Row row : rows.values()) {
                if (row.measure().equals(measure) && row.year() >= fromYear && row.year() <= toYear) {
                    dims.add(row.key());
                }
            }
            return dims;
        }

        boolean any(int year) {
            return years.contains(year);
        }

        boolean anyBefore(int year) {
            return !years.isEmpty() && years.iterator().next() < year;
        }
    }
}
