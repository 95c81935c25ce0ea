package cn.tongfa.hub.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ApiException.FieldProblem;

/**
 * What the office enters for a year (API {@code PUT .../reports/{year}/figures}): the 行政许可/处罚/强制 decisions
 * and the 行政事业性收费 amount of table 二, table 三 (25 rows × 7 columns), table 四 (3 × 5) and the prose of
 * sections 一, 五 and 六. Every cell has a path ({@code table3.rows.总计.自然人}) that errors name.
 *
 * @param table2 行政许可, 行政处罚, 行政强制 (件) and 行政事业性收费 (万元)
 * @param table3 row id → column → count
 * @param table4 group → column → count
 * @param prose  section (一, 五, 六) → text
 */
public record Figures(Map<String, BigDecimal> table2, Map<String, Map<String, Long>> table3,
        Map<String, Map<String, Long>> table4, Map<String, String> prose) {

    static final int PROSE_MAX = 20_000;

    static Figures empty() {
        Map<String, BigDecimal> table2 = new LinkedHashMap<>();
        ReportTables.TABLE2_DECISIONS.forEach(key -> table2.put(key, BigDecimal.ZERO));
        table2.put(ReportTables.TABLE2_FEES, BigDecimal.ZERO);
        Map<String, Map<String, Long>> table3 = new LinkedHashMap<>();
        ReportTables.TABLE3_ROWS.forEach(row -> table3.put(row.id(), zeros(ReportTables.TABLE3_COLUMNS)));
        Map<String, Map<String, Long>> table4 = new LinkedHashMap<>();
        ReportTables.TABLE4_GROUPS.forEach(group -> table4.put(group, zeros(ReportTables.TABLE4_COLUMNS)));
        Map<String, String> prose = new LinkedHashMap<>();
        ReportTables.PROSE.forEach(section -> prose.put(section, ""));
        return new Figures(table2, table3, table4, prose);
    }

    long cell3(String row, String column) {
        return table3.get(row).get(column);
    }

    /** The API's shape: {@code {"table2":{…},"table3":{"rows":{…}},"table4":{…},"prose":{…}}}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table2", table2);
        json.put("table3", Map.of("rows", table3));
        json.put("table4", table4);
        json.put("prose", prose);
        return json;
    }

    /**
     * Reads figures from the API's JSON, every missing cell 0, and checks them: non-negative whole numbers (the
     * 万元 amount up to four decimals), no unknown cell, and the consistency rules of tables 三 and 四. Throws with
     * every problem found, each naming its cell.
     */
    static Figures parse(JsonNode json) {
        List<FieldProblem> problems = new ArrayList<>();
        Figures figures = empty();
        if (json == null || !json.isObject()) {
            throw ApiException.invalid(List.of(new FieldProblem("", "figures.notObject")));
        }
        for (Map.Entry<String, JsonNode> part : json.properties()) {
            switch (part.getKey()) {
                case "table2" -> readTable2(part.getValue(), figures, problems);
                case "table3" -> readTable3(part.getValue(), figures, problems);
                case "table4" -> readTable4(part.getValue(), figures, problems);
                case "prose" -> readProse(part.getValue(), figures, problems);
                default -> problems.add(new FieldProblem(part.getKey(), "figures.unknownCell", part.getKey()));
            }
        }
        if (problems.isEmpty()) {
            figures.check(problems);
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return figures;
    }

    /** The consistency rules; problems name the cell to correct. */
    void check(List<FieldProblem> problems) {
        for (ReportTables.Row3 row : ReportTables.TABLE3_ROWS) {
            Map<String, Long> cells = table3.get(row.id());
            long sum = cells.get("自然人");
            for (String organisation : ReportTables.TABLE3_ORGANISATIONS) {
                sum += cells.get(organisation);
            }
            if (cells.get("总计") != sum) {
                problems.add(new FieldProblem("table3.rows." + row.id() + ".总计", "figures.table3.columnTotal",
                        row.label(), sum, cells.get("总计")));
            }
        }
        for (String column : ReportTables.TABLE3_COLUMNS) {
            long results = 0;
            for (ReportTables.Row3 row : ReportTables.resultRows()) {
                results += cell3(row.id(), column);
            }
            long total = cell3(ReportTables.TOTAL, column);
            if (total != results) {
                problems.add(new FieldProblem("table3.rows.总计." + column, "figures.table3.resultTotal", column,
                        results, total));
                continue;
            }
            long in = cell3(ReportTables.RECEIVED, column) + cell3(ReportTables.CARRIED_IN, column);
            long out = total + cell3(ReportTables.CARRIED_OUT, column);
            if (in != out) {
                problems.add(new FieldProblem("table3.rows.总计." + column, "figures.table3.balance", column,
                        cell3(ReportTables.RECEIVED, column), cell3(ReportTables.CARRIED_IN, column), in, total,
                        cell3(ReportTables.CARRIED_OUT, column), out));
            }
        }
        for (String group : ReportTables.TABLE4_GROUPS) {
            Map<String, Long> cells = table4.get(group);
            long sum = cells.get("结果维持") + cells.get("结果纠正") + cells.get("其他结果") + cells.get("尚未审结");
            if (cells.get("总计") != sum) {
                problems.add(new FieldProblem("table4." + group + ".总计", "figures.table4.total",
                        group.replace(".", "·"), sum, cells.get("总计")));
            }
        }
    }

    private static void readTable2(JsonNode node, Figures figures, List<FieldProblem> problems) {
        if (!object(node, "table2", problems)) {
            return;
        }
        for (Map.Entry<String, JsonNode> cell : node.properties()) {
            String path = "table2." + cell.getKey();
            if (ReportTables.TABLE2_DECISIONS.contains(cell.getKey())) {
                Long count = count(cell.getValue(), path, problems);
                if (count != null) {
                    figures.table2().put(cell.getKey(), BigDecimal.valueOf(count));
                }
            } else if (ReportTables.TABLE2_FEES.equals(cell.getKey())) {
                JsonNode value = cell.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (!value.isNumber() || value.decimalValue().signum() < 0 || value.decimalValue().scale() > 4
                        || value.decimalValue().compareTo(new BigDecimal("100000000")) >= 0) {
                    problems.add(new FieldProblem(path, "figures.notAmount", value.toString()));
                } else {
                    figures.table2().put(cell.getKey(), value.decimalValue().stripTrailingZeros().scale() < 0
                            ? value.decimalValue().setScale(0) : value.decimalValue().stripTrailingZeros());
                }
            } else {
                problems.add(new FieldProblem(path, "figures.unknownCell", path));
            }
        }
    }

    private static void readTable3(JsonNode node, Figures figures, List<FieldProblem> problems) {
        if (!object(node, "table3", problems)) {
            return;
        }
        for (Map.Entry<String, JsonNode> part : node.properties()) {
            if (!part.getKey().equals("rows")) {
                problems.add(new FieldProblem("table3." + part.getKey(), "figures.unknownCell",
                        "table3." + part.getKey()));
                continue;
            }
            if (!object(part.getValue(), "table3.rows", problems)) {
                return;
            }
            for (Map.Entry<String, JsonNode> row : part.getValue().properties()) {
                String path = "table3.rows." + row.getKey();
                if (ReportTables.row3(row.getKey()) == null) {
                    problems.add(new FieldProblem(path, "figures.unknownCell", path));
                    continue;
                }
                readCells(row.getValue(), path, ReportTables.TABLE3_COLUMNS, figures.table3().get(row.getKey()),
                        problems);
            }
        }
    }

    private static void readTable4(JsonNode node, Figures figures, List<FieldProblem> problems) {
        if (!object(node, "table4", problems)) {
            return;
        }
        for (Map.Entry<String, JsonNode> group : node.properties()) {
            String path = "table4." + group.getKey();
            if (!ReportTables.TABLE4_GROUPS.contains(group.getKey())) {
                problems.add(new FieldProblem(path, "figures.unknownCell", path));
                continue;
            }
            readCells(group.getValue(), path, ReportTables.TABLE4_COLUMNS, figures.table4().get(group.getKey()),
                    problems);
        }
    }

    private static void readProse(JsonNode node, Figures figures, List<FieldProblem> problems) {
        if (!object(node, "prose", problems)) {
            return;
        }
        for (Map.Entry<String, JsonNode> section : node.properties()) {
            String path = "prose." + section.getKey();
            if (!ReportTables.PROSE.contains(section.getKey())) {
                problems.add(new FieldProblem(path, "figures.unknownCell", path));
            } else if (section.getValue().isNull()) {
                figures.prose().put(section.getKey(), "");
            } else if (!section.getValue().isString()) {
                problems.add(new FieldProblem(path, "field.badFormat"));
            } else if (section.getValue().asString().length() > PROSE_MAX) {
                problems.add(new FieldProblem(path, "field.tooLong", PROSE_MAX, section.getValue().asString().length()));
            } else {
                figures.prose().put(section.getKey(), section.getValue().asString().strip());
            }
        }
    }

    private static void readCells(JsonNode node, String path, List<String> columns, Map<String, Long> target,
            List<FieldProblem> problems) {
        if (!object(node, path, problems)) {
            return;
        }
        for (Map.Entry<String, JsonNode> cell : node.properties()) {
            String at = path + "." + cell.getKey();
            if (!columns.contains(cell.getKey())) {
                problems.add(new FieldProblem(at, "figures.unknownCell", at));
                continue;
            }
            Long count = count(cell.getValue(), at, problems);
            if (count != null) {
                target.put(cell.getKey(), count);
            }
        }
    }

    private static boolean object(JsonNode node, String path, List<FieldProblem> problems) {
        if (node != null && node.isObject()) {
            return true;
        }
        problems.add(new FieldProblem(path, "figures.notObject"));
        return false;
    }

    private static Long count(JsonNode value, String path, List<FieldProblem> problems) {
        if (value.isNull()) {
            return 0L;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0
                && value.longValue() < 1_000_000_000L) {
            return value.longValue();
        }
        if (value.isNumber() && value.decimalValue().signum() >= 0
                && value.decimalValue().stripTrailingZeros().scale() <= 0
                && value.decimalValue().compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            return value.decimalValue().longValueExact();
        }
        problems.add(new FieldProblem(path, "figures.notCount", value.isString() ? value.asString() : value.toString()));
        return null;
    }

    private static Map<String, Long> zeros(List<String> columns) {
        Map<String, Long> cells = new LinkedHashMap<>();
        columns.forEach(column -> cells.put(column, 0L));
        return cells;
    }
}
