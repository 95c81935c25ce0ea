package cn.tongfa.hub.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.tongfa.hub.report.Grid.Cell;

/** Tables 二, 三 and 四 of the national format, and the hub's own statistics table, filled in. */
final class ReportGrids {

    private ReportGrids() {
    }

    static Grid table2(Counts counts, Figures figures) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.head("第二十条第（一）项").span(1, 4)));
        rows.add(List.of(Cell.head(ReportTables.INFO_CONTENT), Cell.head("本年制发件数"), Cell.head("本年废止件数"),
                Cell.head("现行有效件数")));
        for (String type : CountsService.NORMATIVE_TYPES) {
            Counts.Normative n = counts.normative().get(type);
            rows.add(List.of(Cell.label(type), Cell.number(n.issued()), Cell.number(n.repealed()),
                    Cell.number(n.inForce())));
        }
        rows.add(List.of(Cell.head("第二十条第（五）项").span(1, 4)));
        rows.add(List.of(Cell.head(ReportTables.INFO_CONTENT), Cell.head("本年处理决定数量").span(1, 3)));
        rows.add(List.of(Cell.label("行政许可"), Cell.number(count(figures, "行政许可")).span(1, 3)));
        rows.add(List.of(Cell.head("第二十条第（六）项").span(1, 4)));
        rows.add(List.of(Cell.head(ReportTables.INFO_CONTENT), Cell.head("本年处理决定数量").span(1, 3)));
        rows.add(List.of(Cell.label("行政处罚"), Cell.number(count(figures, "行政处罚")).span(1, 3)));
        rows.add(List.of(Cell.label("行政强制"), Cell.number(count(figures, "行政强制")).span(1, 3)));
        rows.add(List.of(Cell.head("第二十条第（八）项").span(1, 4)));
        rows.add(List.of(Cell.head(ReportTables.INFO_CONTENT), Cell.head("本年收费金额（单位：万元）").span(1, 3)));
        rows.add(List.of(Cell.label(ReportTables.TABLE2_FEES),
                Cell.number(figures.table2().get(ReportTables.TABLE2_FEES)).span(1, 3)));
        return new Grid("table2", "二、主动公开政府信息情况", 4, rows);
    }

    private static Long count(Figures figures, String key) {
        BigDecimal value = figures.table2().get(key);
        return value == null ? 0L : value.longValue();
    }

    static Grid table3(Figures figures) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.head(ReportTables.TABLE3_NOTE).span(3, 3), Cell.head("申请人情况").span(1, 7)));
        rows.add(List.of(Cell.head("自然人").span(2, 1), Cell.head("法人或其他组织").span(1, 5),
                Cell.head("总计").span(2, 1)));
        List<Cell> organisations = new ArrayList<>();
        ReportTables.TABLE3_ORGANISATIONS.forEach(column -> organisations.add(Cell.head(column)));
        rows.add(organisations);
        int resultRows = ReportTables.resultRows().size() + 1; // （一）–（六） and （七）总计
        String group = null;
        for (ReportTables.Row3 row : ReportTables.TABLE3_ROWS) {
            List<Cell> cells = new ArrayList<>();
            boolean topLevel = row.id().equals(ReportTables.RECEIVED) || row.id().equals(ReportTables.CARRIED_IN)
                    || row.id().equals(ReportTables.CARRIED_OUT);
            if (topLevel) {
                cells.add(Cell.label(row.label()).span(1, 3));
            } else {
                if (row.id().equals("予以公开")) {
                    cells.add(Cell.label(ReportTables.RESULTS).span(resultRows, 1));
                }
                if (row.group() == null) {
                    cells.add(Cell.label(row.label()).span(1, 2));
                } else {
                    if (!row.group().equals(group)) {
                        long size = ReportTables.TABLE3_ROWS.stream().filter(r -> row.group().equals(r.group())).count();
                        cells.add(Cell.label(row.group()).span((int) size, 1));
                    }
                    cells.add(Cell.label(row.label()));
                }
            }
            group = row.group();
            for (String column : ReportTables.TABLE3_COLUMNS) {
                cells.add(Cell.number(figures.cell3(row.id(), column)));
            }
            rows.add(cells);
        }
        return new Grid("table3", "三、收到和处理政府信息公开申请情况", 10, rows);
    }

    static Grid table4(Figures figures) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.head("行政复议").span(1, 5), Cell.head("行政诉讼").span(1, 10)));
        List<Cell> second = new ArrayList<>();
        ReportTables.TABLE4_COLUMNS.forEach(column -> second.add(Cell.head(column).span(2, 1)));
        second.add(Cell.head("未经复议直接起诉").span(1, 5));
        second.add(Cell.head("复议后起诉").span(1, 5));
        rows.add(second);
        List<Cell> third = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ReportTables.TABLE4_COLUMNS.forEach(column -> third.add(Cell.head(column)));
        }
        rows.add(third);
        List<Cell> numbers = new ArrayList<>();
        for (String group : ReportTables.TABLE4_GROUPS) {
            Map<String, Long> cells = figures.table4().get(group);
            ReportTables.TABLE4_COLUMNS.forEach(column -> numbers.add(Cell.number(cells.get(column))));
        }
        rows.add(numbers);
        return new Grid("table4", "四、政府信息公开行政复议、行政诉讼情况", 15, rows);
    }

    /** The hub's own numbers: channels, categories, timeliness, with 累计数 and last year beside the year's. */
    static Grid statistics(Counts counts) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.head("项目"), Cell.head("本年数"), Cell.head("累计数"), Cell.head("上年数")));
        rows.add(List.of(Cell.label("主动公开政府信息（条）"), Cell.number(counts.items()),
                Cell.number(counts.cumulative().items()), Cell.number(counts.previousYear().items())));
        Map<String, String> channels = Map.of("portal", "门户网站更新信息", "disclosure", "政府网站信息公开专栏更新数据",
                "wechat", "微信公众号更新数据", "weibo", "微博更新数据");
        for (String channel : List.of("portal", "disclosure", "wechat", "weibo")) {
            rows.add(List.of(Cell.label(channels.get(channel)), Cell.number(counts.deliveries().get(channel)),
                    Cell.number(counts.cumulative().deliveries().get(channel)),
                    Cell.number(counts.previousYear().deliveries().get(channel))));
        }
        rows.add(List.of(Cell.label("各渠道更新合计"), Cell.number(counts.deliveriesTotal()),
                Cell.number(counts.cumulative().deliveriesTotal()), Cell.number(counts.previousYear().deliveriesTotal())));
        for (Map.Entry<String, Long> category : counts.cumulative().byCategory().entrySet()) {
            rows.add(List.of(Cell.label("分类：" + category.getKey()),
                    Cell.number(counts.byCategory().getOrDefault(category.getKey(), 0L)),
                    Cell.number(category.getValue()), Cell.label("")));
        }
        rows.add(List.of(Cell.label("从成文到公开不超过20个工作日"), Cell.number(counts.timeliness().withinLimit()),
                Cell.label(""), Cell.label("")));
        rows.add(List.of(Cell.label("从成文到公开超过20个工作日"), Cell.number(counts.timeliness().overLimit()),
                Cell.label(""), Cell.label("")));
        return new Grid("statistics", "主动公开政府信息统计", 4, rows);
    }
}
