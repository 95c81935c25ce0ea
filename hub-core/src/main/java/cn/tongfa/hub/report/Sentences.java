package cn.tongfa.hub.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongfa.hub.web.ApiException.FieldProblem;

/**
 * The sentences of the report an agency words itself, with placeholders the counts fill in: {@code {合计}},
 * {@code {门户网站}}, … ({@link #PLACEHOLDERS}). Agencies state their channel counts in section 一 in their own
 * words (REPORT-FORMAT.md); the defaults reproduce the form of 阜阳市信访局's report.
 */
final class Sentences {

    static final String CHANNEL = "channelSentence";
    static final String CATEGORY = "categorySentence";
    static final String TIMELINESS = "timelinessSentence";

    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put(CHANNEL, "主动公开政府信息{合计}条，其中通过门户网站更新信息{门户网站}条，"
                + "通过政府网站信息公开专栏更新数据{信息公开专栏}条，通过微信公众号、微博更新数据{微信微博}条");
        DEFAULTS.put(CATEGORY, "按主题分类，{按分类}");
        DEFAULTS.put(TIMELINESS, "文件信息从成文到网上公开不超过20个工作日的{按时公开}条，超过20个工作日的{超期公开}条");
    }

    static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    static {
        PLACEHOLDERS.put("年度", "报告年度，如 2025");
        PLACEHOLDERS.put("机构", "机构名称");
        PLACEHOLDERS.put("信息条数", "本年主动公开的信息条数（每条信息只计一次）");
        PLACEHOLDERS.put("合计", "各渠道更新数之和");
        PLACEHOLDERS.put("门户网站", "门户网站更新数");
        PLACEHOLDERS.put("信息公开专栏", "政府网站信息公开专栏更新数");
        PLACEHOLDERS.put("微信公众号", "微信公众号更新数");
        PLACEHOLDERS.put("微博", "微博更新数");
        PLACEHOLDERS.put("微信微博", "微信公众号与微博更新数之和");
        PLACEHOLDERS.put("按分类", "各主题分类的条数，如“机构职能5条、政策法规27条”");
        PLACEHOLDERS.put("政策解读", "政策解读信息条数");
        PLACEHOLDERS.put("按时公开", "成文后20个工作日内公开的条数");
        PLACEHOLDERS.put("超期公开", "成文后超过20个工作日公开的条数");
        PLACEHOLDERS.put("累计信息条数", "截至年底累计公开的信息条数");
        PLACEHOLDERS.put("上年信息条数", "上一年主动公开的信息条数");
        PLACEHOLDERS.put("上年合计", "上一年各渠道更新数之和");
    }

    static final int MAX_LENGTH = 2000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

    private Sentences() {
    }

    /** The values of the placeholders for one year's counts. */
    static Map<String, String> values(Counts counts, String agencyName, List<String> catalogue) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("年度", String.valueOf(counts.year()));
        values.put("机构", agencyName);
        values.put("信息条数", String.valueOf(counts.items()));
        values.put("合计", String.valueOf(counts.deliveriesTotal()));
        values.put("门户网站", String.valueOf(counts.deliveries().get("portal")));
        values.put("信息公开专栏", String.valueOf(counts.deliveries().get("disclosure")));
        values.put("微信公众号", String.valueOf(counts.deliveries().get("wechat")));
        values.put("微博", String.valueOf(counts.deliveries().get("weibo")));
        values.put("微信微博", String.valueOf(counts.deliveries().get("wechat") + counts.deliveries().get("weibo")));
        List<String> parts = new ArrayList<>();
        // In the order of the agency's catalogue, then whatever else was counted.
        catalogue.stream().filter(counts.byCategory()::containsKey)
                .forEach(category -> parts.add(category + counts.byCategory().get(category) + "条"));
        counts.byCategory().forEach((category, n) -> {
            if (!catalogue.contains(category)) {
                parts.add(category + n + "条");
            }
        });
        values.put("按分类", parts.isEmpty() ? "无" : String.join("、", parts));
        values.put("政策解读", String.valueOf(counts.byDocType().getOrDefault("政策解读", 0L)));
        values.put("按时公开", String.valueOf(counts.timeliness().withinLimit()));
        values.put("超期公开", String.valueOf(counts.timeliness().overLimit()));
        values.put("累计信息条数", String.valueOf(counts.cumulative().items()));
        values.put("上年信息条数", String.valueOf(counts.previousYear().items()));
        values.put("上年合计", String.valueOf(counts.previousYear().deliveriesTotal()));
        return values;
    }

    static String render(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1).strip());
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Problems of one template: unknown placeholders, unbalanced braces, length. */
    static void check(String field, String template, List<FieldProblem> problems) {
        if (template.length() > MAX_LENGTH) {
            problems.add(new FieldProblem(field, "field.tooLong", MAX_LENGTH, template.length()));
            return;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!PLACEHOLDERS.containsKey(matcher.group(1).strip())) {
                problems.add(new FieldProblem(field, "template.unknownPlaceholder", matcher.group(),
                        String.join("、", PLACEHOLDERS.keySet().stream().map(k -> "{" + k + "}").toList())));
            }
        }
        String rest = PLACEHOLDER.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            problems.add(new FieldProblem(field, "template.braces"));
        }
    }
}
