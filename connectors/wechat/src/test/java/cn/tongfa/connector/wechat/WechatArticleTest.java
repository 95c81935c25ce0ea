package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;

class WechatArticleTest {

    private static final String PORTAL = "https://www.demo.gov.cn/zwgk/202603/t20260301_abc.html";

    @Test
    void takesTheEditorsDigestFirst() throws Exception {
        WechatArticle article = WechatArticle.of(item("标题", "概述", "<p>正文</p>",
                Map.of("wechat", Map.of("digest", "编辑写的摘要"))), "市环境局");

        assertThat(article.digest()).isEqualTo("编辑写的摘要");
        assertThat(article.author()).isEqualTo("市环境局");
        assertThat(article.contentSourceUrl()).isEqualTo(PORTAL);
    }

    @Test
    void digestFallsBackToTheSummaryThenTheBodyTextCutTo128() throws Exception {
        assertThat(WechatArticle.of(item("标题", "概述", "<p>正文</p>", Map.of()), null).digest()).isEqualTo("概述");

        String body = "<style>p{}</style><p>第一段&amp;说明</p>\n<p>" + "字".repeat(200) + "</p>";
        String digest = WechatArticle.of(item("标题", null, body, Map.of()), null).digest();

        assertThat(digest).startsWith("第一段&说明 字字");
        assertThat(digest.codePointCount(0, digest.length())).isEqualTo(128);
    }

    @Test
    void titleOverTheLimitNamesTheLimitAndTheLength() {
        String title = "题".repeat(40);

        assertThatThrownBy(() -> WechatArticle.of(item(title, null, "<p>正文</p>", Map.of()), null))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("不能超过32个字")
                .hasMessageContaining("有40个字");
    }

    @Test
    void editorsWechatTitleReplacesALongTitle() throws Exception {
        WechatArticle article = WechatArticle.of(item("题".repeat(40), null, "<p>正文</p>",
                Map.of("wechat", Map.of("title", "短标题"))), null);

        assertThat(article.title()).isEqualTo("短标题");
    }

    @Test
    void contentOfTwentyThousandCharactersIsTooLong() {
        assertThatThrownBy(() -> WechatArticle.of(item("标题", null, "字".repeat(20_000), Map.of()), null))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("20000");
    }

    @Test
    void authorOverSixteenCharactersIsRefused() {
        assertThatThrownBy(() -> WechatArticle.of(item("标题", null, "<p>正文</p>", Map.of()), "作".repeat(17)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("16");
    }

    private static ItemSnapshot item(String title, String summary, String body,
            Map<String, Map<String, String>> overrides) {
        return new ItemSnapshot(title, summary, body, null, null, null, null, "idx", "市生态环境局", PORTAL,
                "zwgk/202603/t20260301_abc.html", null, null, List.of(), overrides);
    }
}
