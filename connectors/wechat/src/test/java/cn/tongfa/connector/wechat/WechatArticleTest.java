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
    void attachmentsAreListedByNameAfterTheBodyPointingToTheSourceLink() throws Exception {
        ItemSnapshot withFiles = new ItemSnapshot("标题", null, "<p>正文</p>", null, null, null, null, "idx", "市环境局",
                PORTAL, "zwgk/202603/t20260301_abc.html", null, null, List.of(
                        new ItemSnapshot.Media("a1", "名单<第一批>.pdf", "https://hub/media/a1", "application/pdf", 1),
                        new ItemSnapshot.Media("a2", "说明", "https://hub/media/a2", "application/pdf", 1)), Map.of());

        WechatArticle article = WechatArticle.of(withFiles, null);

        assertThat(article.content()).isEqualTo("<p>正文</p><p><strong>附件：</strong></p>"
                + "<p>1. 《名单&lt;第一批&gt;》（PDF）</p><p>2. 《说明》</p>"
                + "<p>请点击文末“阅读原文”查看和下载附件。</p>");
        assertThat(article.digest()).isEqualTo("正文");
        assertThat(WechatArticle.of(item("标题", null, "<p>正文</p>", Map.of()), null).content())
                .isEqualTo("<p>正文</p>");
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
