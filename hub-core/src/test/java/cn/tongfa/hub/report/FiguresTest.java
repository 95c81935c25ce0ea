package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.hub.web.ApiException;

class FiguresTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode node(Object value) {
        return json.valueToTree(value);
    }

    private static Map<String, Object> row(long natural, long company, long total) {
        return Map.of("自然人", natural, "商业企业", company, "总计", total);
    }

    /** 10 received, 2 carried in; 8 disclosed, 2 partly, 1 不掌握; 1 carried out: balances in every column. */
    static Map<String, Object> consistentTable3() {
        return Map.of("rows", Map.of(
                "本年新收", row(8, 2, 10),
                "上年结转", row(2, 0, 2),
                "予以公开", row(6, 2, 8),
                "部分公开", row(2, 0, 2),
                "无法提供.本机关不掌握相关政府信息", row(1, 0, 1),
                "总计", row(9, 2, 11),
                "结转下年度", row(1, 0, 1)));
    }

    private static List<String> fields(ApiException refused) {
        return refused.fields().stream().map(ApiException.FieldProblem::field).toList();
    }

    @Test
    void consistentFiguresAreReadWithEveryOtherCellZero() {
        Figures figures = Figures.parse(node(Map.of("table3", consistentTable3(),
                "table2", Map.of("行政许可", 12, "行政事业性收费", 1.25),
                "table4", Map.of("行政复议", Map.of("结果维持", 1, "结果纠正", 1, "总计", 2)),
                "prose", Map.of("五", "问题与改进"))));
        assertThat(figures.cell3("总计", "自然人")).isEqualTo(9);
        assertThat(figures.cell3("不予公开.属于国家秘密", "总计")).isZero();
        assertThat(figures.table2().get("行政许可")).isEqualByComparingTo("12");
        assertThat(figures.table2().get("行政事业性收费")).isEqualByComparingTo("1.25");
        assertThat(figures.table4().get("行政复议").get("总计")).isEqualTo(2);
        assertThat(figures.prose().get("五")).isEqualTo("问题与改进");
    }

    @Test
    void aColumnThatDoesNotBalanceIsRefusedAtItsTotalCell() {
        Map<String, Object> rows = new java.util.HashMap<>(castRows(consistentTable3()));
        rows.put("结转下年度", row(3, 0, 3));
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Figures.parse(node(Map.of("table3", Map.of("rows", rows)))));
        assertThat(fields(refused)).containsExactlyInAnyOrder("table3.rows.总计.自然人", "table3.rows.总计.总计");
        assertThat(refused.fields().get(0).args()).contains(8L, 2L, 10L, 9L, 3L, 12L);
    }

    @Test
    void aRowTotalThatIsNotTheSumOfItsColumnsIsRefusedAtThatCell() {
        Map<String, Object> rows = new java.util.HashMap<>(castRows(consistentTable3()));
        rows.put("本年新收", row(8, 2, 11));
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Figures.parse(node(Map.of("table3", Map.of("rows", rows)))));
        assertThat(fields(refused)).contains("table3.rows.本年新收.总计");
    }

    @Test
    void aTotalRowThatIsNotTheSumOfTheResultsIsRefused() {
        Map<String, Object> rows = new java.util.HashMap<>(castRows(consistentTable3()));
        rows.put("予以公开", row(5, 2, 7));
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Figures.parse(node(Map.of("table3", Map.of("rows", rows)))));
        assertThat(fields(refused)).contains("table3.rows.总计.自然人");
        assertThat(refused.fields().get(0).messageKey()).isEqualTo("figures.table3.resultTotal");
    }

    @Test
    void negativeFractionalAndTextCountsAreRefusedEachAtItsCell() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> Figures.parse(node(Map.of(
                "table3", Map.of("rows", Map.of("本年新收", Map.of("自然人", -1, "科研机构", 1.5, "其他", "三"))),
                "table4", Map.of("行政诉讼.复议后起诉", Map.of("总计", 1)),
                "table2", Map.of("行政事业性收费", -2)))));
        assertThat(fields(refused)).containsExactlyInAnyOrder("table3.rows.本年新收.自然人",
                "table3.rows.本年新收.科研机构", "table3.rows.本年新收.其他", "table2.行政事业性收费");
    }

    @Test
    void table4TotalMustBeTheSumOfTheResults() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> Figures.parse(node(Map.of(
                "table4", Map.of("行政诉讼.复议后起诉", Map.of("结果维持", 2, "总计", 1))))));
        assertThat(fields(refused)).containsExactly("table4.行政诉讼.复议后起诉.总计");
    }

    @Test
    void unknownCellsAreNamed() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> Figures.parse(node(Map.of(
                "table3", Map.of("rows", Map.of("本年受理", Map.of("自然人", 1), "上年结转", Map.of("个人", 1)))))));
        assertThat(fields(refused)).containsExactlyInAnyOrder("table3.rows.本年受理", "table3.rows.上年结转.个人");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castRows(Map<String, Object> table3) {
        return (Map<String, Object>) table3.get("rows");
    }
}
