package cn.tongfa.hub.report;

import java.util.List;

/**
 * The exact labels of the national format (国办公开办函〔2021〕30号) and the short ids the API uses for them.
 */
public final class ReportTables {

    static final List<String> SECTIONS = List.of("一、总体情况", "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项");

    /** Section keys of the prose the office writes. */
    static final List<String> PROSE = List.of("一", "五", "六");

    static final String INFO_CONTENT = "信息内容";

    /** Table 二, entered part: row id → caption of its sub-table and column. */
    static final List<String> TABLE2_DECISIONS = List.of("行政许可", "行政处罚", "行政强制");
    static final String TABLE2_FEES = "行政事业性收费";

    static final List<String> TABLE3_COLUMNS = List.of("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
            "其他", "总计");
    static final List<String> TABLE3_ORGANISATIONS = TABLE3_COLUMNS.subList(1, 6);
    static final String TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

    /** A numbered row of table 三: its id in the API, its group (null for none) and its exact label. */
    public record Row3(String id, String group, String label) {
    }

    static final String RECEIVED = "本年新收";
    static final String CARRIED_IN = "上年结转";
    static final String TOTAL = "总计";
    static final String CARRIED_OUT = "结转下年度";
    static final String RESULTS = "三、本年度办理结果";

    static final List<String> GROUPS = List.of("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理");

    static final List<Row3> TABLE3_ROWS = List.of(
            new Row3(RECEIVED, null, "一、本年新收政府信息公开申请数量"),
            new Row3(CARRIED_IN, null, "二、上年结转政府信息公开申请数量"),
            new Row3("予以公开", null, "（一）予以公开"),
            new Row3("部分公开", null, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            new Row3("不予公开.属于国家秘密", "（三）不予公开", "1.属于国家秘密"),
            new Row3("不予公开.其他法律行政法规禁止公开", "（三）不予公开", "2.其他法律行政法规禁止公开"),
            new Row3("不予公开.危及“三安全一稳定”", "（三）不予公开", "3.危及“三安全一稳定”"),
            new Row3("不予公开.保护第三方合法权益", "（三）不予公开", "4.保护第三方合法权益"),
            new Row3("不予公开.属于三类内部事务信息", "（三）不予公开", "5.属于三类内部事务信息"),
            new Row3("不予公开.属于四类过程性信息", "（三）不予公开", "6.属于四类过程性信息"),
            new Row3("不予公开.属于行政执法案卷", "（三）不予公开", "7.属于行政执法案卷"),
            new Row3("不予公开.属于行政查询事项", "（三）不予公开", "8.属于行政查询事项"),
            new Row3("无法提供.本机关不掌握相关政府信息", "（四）无法提供", "1.本机关不掌握相关政府信息"),
            new Row3("无法提供.没有现成信息需要另行制作", "（四）无法提供", "2.没有现成信息需要另行制作"),
            new Row3("无法提供.补正后申请内容仍不明确", "（四）无法提供", "3.补正后申请内容仍不明确"),
            new Row3("不予处理.信访举报投诉类申请", "（五）不予处理", "1.信访举报投诉类申请"),
            new Row3("不予处理.重复申请", "（五）不予处理", "2.重复申请"),
            new Row3("不予处理.要求提供公开出版物", "（五）不予处理", "3.要求提供公开出版物"),
            new Row3("不予处理.无正当理由大量反复申请", "（五）不予处理", "4.无正当理由大量反复申请"),
            new Row3("不予处理.要求行政机关确认或重新出具已获取信息", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
            new Row3("其他处理.逾期不补正", "（六）其他处理",
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            new Row3("其他处理.逾期未缴费", "（六）其他处理",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            new Row3("其他处理.其他", "（六）其他处理", "3.其他"),
            new Row3(TOTAL, null, "（七）总计"),
            new Row3(CARRIED_OUT, null, "四、结转下年度继续办理"));

    /** The rows （一）–（六） whose sum is （七）总计. */
    static List<Row3> resultRows() {
        return TABLE3_ROWS.subList(2, TABLE3_ROWS.size() - 2);
    }

    static Row3 row3(String id) {
        return TABLE3_ROWS.stream().filter(row -> row.id().equals(id)).findFirst().orElse(null);
    }

    static final List<String> TABLE4_GROUPS = List.of("行政复议", "行政诉讼.未经复议直接起诉", "行政诉讼.复议后起诉");
    static final List<String> TABLE4_COLUMNS = List.of("结果维持", "结果纠正", "其他结果", "尚未审结", "总计");

    private ReportTables() {
    }
}
