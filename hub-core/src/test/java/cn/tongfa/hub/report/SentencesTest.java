package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongfa.hub.web.ApiException.FieldProblem;

class SentencesTest {

    static Counts counts(long portal, long disclosure, long wechat, long weibo) {
        Map<String, Long> deliveries = new LinkedHashMap<>();
        deliveries.put("portal", portal);
        deliveries.put("disclosure", disclosure);
        deliveries.put("wechat", wechat);
        deliveries.put("weibo", weibo);
        Map<String, Long> categories = new LinkedHashMap<>();
        categories.put("机构职能", 5L);
        categories.put("政策法规", 27L);
        return new Counts("fy-xfj", 2017, 360, deliveries, portal + disclosure + wechat + weibo, categories,
                Map.of("政策解读", 34L), new Counts.Timeliness(0, 0, 20, "cn-official", 0, ""),
                new Counts.Cumulative(360, deliveries, 0, categories, Map.of()), Map.of(),
                new Counts.PreviousYear(2016, 0, deliveries, 0), false);
    }

    @Test
    void theDefaultChannelSentenceReadsAsTheAgenciesWriteIt() {
        Map<String, String> values = Sentences.values(counts(360, 188, 300, 179), "阜阳市信访局", List.of("机构职能", "政策法规"));
        assertThat(Sentences.render(Sentences.DEFAULTS.get(Sentences.CHANNEL), values)).isEqualTo(
                "主动公开政府信息1027条，其中通过门户网站更新信息360条，通过政府网站信息公开专栏更新数据188条，"
                        + "通过微信公众号、微博更新数据479条");
        assertThat(Sentences.render("其中{按分类}，政策解读信息{政策解读}条", values))
                .isEqualTo("其中机构职能5条、政策法规27条，政策解读信息34条");
    }

    @Test
    void unknownPlaceholdersAndStrayBracesAreRefused() {
        List<FieldProblem> problems = new ArrayList<>();
        Sentences.check("templates.channelSentence", "主动公开{总数}条", problems);
        Sentences.check("templates.categorySentence", "其中{按分类条", problems);
        assertThat(problems).extracting(FieldProblem::messageKey)
                .containsExactly("template.unknownPlaceholder", "template.braces");
        assertThat(problems.get(0).args()[0]).isEqualTo("{总数}");
    }
}
