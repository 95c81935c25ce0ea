package cn.tongfa.connector.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PostLinksTest {

    private static final String PAGE = "https://www.demo.gov.cn/zwgk/202603/t20260301_abc123.html";

    @Test
    void aFirstPublicationLinksThePageAndAnUpdateThePageWithItsVersion() {
        assertThat(PostLinks.of(event(ItemAction.PUBLISH, 1))).isEqualTo(PAGE);
        assertThat(PostLinks.of(event(ItemAction.UPDATE, 3))).isEqualTo(PAGE + "?v=3");
        assertThat(PostLinks.of(event(ItemAction.WITHDRAW, 3))).isEqualTo(PAGE);
    }

    @Test
    void theVersionIsReadBackFromTheLink() {
        assertThat(PostLinks.version(PAGE, PAGE)).isEqualTo(PostLinks.FIRST);
        assertThat(PostLinks.version(PAGE + "?v=12", PAGE)).isEqualTo(12);
        assertThat(PostLinks.version(PostLinks.of(event(ItemAction.UPDATE, 2)), PAGE)).isEqualTo(2);
    }

    @Test
    void linksOfOtherPagesOrWithOtherParametersAreNotTheItems() {
        assertThat(PostLinks.version(PAGE.replace("abc123", "abc1234"), PAGE)).isEqualTo(PostLinks.NOT_THIS_ITEM);
        assertThat(PostLinks.version(PAGE.replace(".html", ".htm"), PAGE)).isEqualTo(PostLinks.NOT_THIS_ITEM);
        assertThat(PostLinks.version(PAGE + "?x=2", PAGE)).isEqualTo(PostLinks.NOT_THIS_ITEM);
        assertThat(PostLinks.version(PAGE + "?v=", PAGE)).isEqualTo(PostLinks.NOT_THIS_ITEM);
        assertThat(PostLinks.version(PAGE + "?v=2a", PAGE)).isEqualTo(PostLinks.NOT_THIS_ITEM);
        assertThat(PostLinks.version(null, PAGE)).isEqualTo(PostLinks.NOT_THIS_ITEM);
    }

    private static ItemEvent event(ItemAction action, int version) {
        ItemSnapshot item = new ItemSnapshot("标题", null, "<p>正文</p>", null, null, null, null, null, null, PAGE,
                null, null, null, List.of(), null);
        return new ItemEvent("e", action, "abc123", version, "demo", List.of("wechat"), item, Instant.now());
    }
}
