package cn.tongfa.connector.weibo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

class WeiboPostTest {

    private static final String LINK = "https://www.example.gov.cn/demo/202611/t20261121_abc123.html";

    @Test
    void titleAndSummaryWithTheLink() {
        WeiboPost post = WeiboPost.of(event("关于印发某某办法的通知", "为规范某某工作，制定本办法。", LINK, null));

        assertThat(post.text()).isEqualTo("【关于印发某某办法的通知】为规范某某工作，制定本办法。 " + LINK);
        assertThat(post.link()).isEqualTo(LINK);
    }

    @Test
    void longTitleAndSummaryAreCutButTheLinkStaysWhole() {
        WeiboPost post = WeiboPost.of(event("标".repeat(60), "摘要".repeat(200), LINK, null));

        assertThat(WeiboPost.length(post.text())).isLessThanOrEqualTo(140);
        assertThat(post.text()).startsWith("【" + "标".repeat(60) + "】摘要").endsWith("… " + LINK);
    }

    @Test
    void aTitleLongerThanTheRoomLosesItsBrackets() {
        WeiboPost post = WeiboPost.of(event("题".repeat(200), "摘要", LINK, null));

        assertThat(WeiboPost.length(post.text())).isEqualTo(140);
        assertThat(post.text()).startsWith("题题").doesNotContain("【").endsWith("… " + LINK);
    }

    @Test
    void theEditorsTextIsUsedAndGetsTheLinkWhenItLacksIt() {
        assertThat(WeiboPost.of(event("标题", "摘要", LINK, "今天发布了新办法，欢迎阅读。")).text())
                .isEqualTo("今天发布了新办法，欢迎阅读。 " + LINK);
        assertThat(WeiboPost.of(event("标题", "摘要", LINK, "原文：" + LINK + " 欢迎转发")).text())
                .isEqualTo("原文：" + LINK + " 欢迎转发");
    }

    @Test
    void aLongEditorsTextIsCutAroundTheLink() {
        WeiboPost post = WeiboPost.of(event("标题", "摘要", LINK, "原文：" + LINK + " " + "转".repeat(200)));

        assertThat(WeiboPost.length(post.text())).isLessThanOrEqualTo(140);
        assertThat(post.text()).startsWith("原文：").endsWith("… " + LINK);
        assertThat(post.text().indexOf(LINK)).isEqualTo(post.text().lastIndexOf(LINK));
    }

    @Test
    void hashSignsAreRemovedSoNoTopicIsCreated() {
        WeiboPost post = WeiboPost.of(event("#通知#关于某事", "详见#附件#", LINK, null));

        assertThat(post.text()).doesNotContain("#").startsWith("【通知关于某事】详见附件");
    }

    @Test
    void characterOutsideTheBasicPlaneIsNeverSplit() {
        WeiboPost post = WeiboPost.of(event("𠀀".repeat(200), null, LINK, null));

        assertThat(post.text()).startsWith("𠀀").doesNotContain("\uFFFD");
        assertThat(post.text().chars().filter(c -> Character.isHighSurrogate((char) c)).count())
                .isEqualTo(post.text().chars().filter(c -> Character.isLowSurrogate((char) c)).count());
        assertThat(WeiboPost.length(post.text())).isEqualTo(140);
    }

    @Test
    void anItemWithoutPortalLinkCannotBePosted() {
        assertThatThrownBy(() -> WeiboPost.of(event("标题", "摘要", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("门户网站链接");
    }

    @Test
    void aRepublishedVersionLinksThePageWithItsVersionEvenWhenTheEditorPastedThePage() {
        ItemEvent published = event("通知", "摘要", LINK, "详见 " + LINK + " 全文");
        ItemEvent update = new ItemEvent("e2", ItemAction.UPDATE, "abc123", 3, "demo", List.of("weibo"),
                published.item(), Instant.now());

        WeiboPost post = WeiboPost.of(update);

        assertThat(post.link()).isEqualTo(LINK + "?v=3");
        assertThat(post.text()).isEqualTo("详见 全文 " + LINK + "?v=3");
        assertThat(WeiboPost.of(published).text()).isEqualTo("详见 " + LINK + " 全文");
    }

    static ItemEvent event(String title, String summary, String link, String override) {
        ItemSnapshot item = new ItemSnapshot(title, summary, "<p>正文</p>", null, null, null, null, "idx-1", "某市司法局",
                link, "demo/202611/t20261121_abc123.html", null, null, List.of(),
                override == null ? Map.of() : Map.of("weibo", Map.of("text", override)));
        return new ItemEvent("e1", ItemAction.PUBLISH, "abc123", 1, "demo", List.of("weibo"), item, Instant.now());
    }
}
