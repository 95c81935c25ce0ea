package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChannelLimitsTest {

    private static final List<String> ALL = List.of("portal", "disclosure", "wechat", "weibo");

    private final ChannelLimits limits = new ChannelLimits();

    private static String chars(int n) {
        return "字".repeat(n);
    }

    private List<ContentProblem> check(String title, String summary, List<String> channels,
            Map<String, Map<String, String>> overrides, int linkLength) {
        return limits.check(new ContentInput(title, summary, "<p>正文</p>", channels, overrides, false, linkLength));
    }

    private List<ContentProblem> check(String title, String summary, Map<String, Map<String, String>> overrides) {
        return check(title, summary, ALL, overrides, 60);
    }

    @Test
    void aShortItemPassesEveryChannel() {
        assertThat(check("关于开展信访评议工作的通知", "摘要", Map.of())).isEmpty();
    }

    @Test
    void noChannelIsAProblem() {
        assertThat(check("标题", null, List.of(), Map.of(), 60)).extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("channels", ContentProblem.CHANNELS_EMPTY));
        assertThat(check("标题", null, List.of("fax"), Map.of(), 60)).extracting(ContentProblem::code)
                .containsExactly(ContentProblem.CHANNEL_UNKNOWN);
    }

    @Test
    void everyChannelNeedsATitle() {
        for (String channel : ALL) {
            assertThat(check(" \u3000", null, List.of(channel), Map.of(), 60)).as(channel)
                    .extracting(ContentProblem::field, ContentProblem::code)
                    .containsExactly(tuple("title", ContentProblem.TITLE_REQUIRED));
        }
        assertThat(check(null, null, Map.of()).get(0).message()).contains("门户网站", "微博", "请填写标题");
    }

    @Test
    void portalAndDisclosureTitlesStopAtTwoHundred() {
        assertThat(check(chars(200), null, List.of("portal", "disclosure"), Map.of(), 60)).isEmpty();
        List<ContentProblem> over = check(chars(201), null, List.of("disclosure"), Map.of(), 60);
        assertThat(over).extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("title", ContentProblem.TITLE_TOO_LONG));
        assertThat(over.get(0).message()).contains("200", "201", "政府信息公开专栏");
    }

    @Test
    void aTitleTooLongForSeveralChannelsGetsOneProblemPerChannelNamingIt() {
        List<ContentProblem> problems = check(chars(10_000), null, ALL, Map.of(), 60);

        assertThat(problems).extracting(ContentProblem::channel, ContentProblem::code).containsExactly(
                tuple("portal", ContentProblem.TITLE_TOO_LONG),
                tuple("disclosure", ContentProblem.TITLE_TOO_LONG),
                tuple("wechat", ContentProblem.WECHAT_TITLE_TOO_LONG));
        assertThat(problems).extracting(ContentProblem::message).satisfiesExactly(
                portal -> assertThat(portal).startsWith("门户网站：").contains("200", "10000"),
                disclosure -> assertThat(disclosure).startsWith("政府信息公开专栏：").contains("200", "10000"),
                wechat -> assertThat(wechat).startsWith("微信公众号：").contains("32", "10000"));
    }

    @Test
    void aTitleWeiboMustShortenIsANoteNotAProblem() {
        ContentInput input = new ContentInput(chars(100), null, "<p>正文</p>", List.of("weibo"), Map.of(), false, 60);

        assertThat(limits.check(input)).isEmpty();
        assertThat(limits.notes(input)).singleElement().satisfies(note -> {
            assertThat(note.channel()).isEqualTo("weibo");
            assertThat(note.code()).isEqualTo(ContentProblem.WEIBO_TITLE_SHORTENED);
            assertThat(note.message()).startsWith("微博：").contains("100", "140", "78");
        });
        assertThat(limits.notes(new ContentInput(chars(79), null, "<p>正文</p>", List.of("weibo"), Map.of(), false,
                60))).isEmpty();
        assertThat(limits.notes(new ContentInput(chars(100), null, "<p>正文</p>", List.of("weibo"),
                Map.of("weibo", Map.of("text", "编辑写的微博")), false, 60))).isEmpty();
    }

    @Test
    void characterCountsAreCodePointsAfterTrimming() {
        String thirtyTwo = "\uD840\uDC00".repeat(32);
        assertThat(check("  " + thirtyTwo + "  ", null, List.of("wechat"), Map.of(), 60)).isEmpty();
        assertThat(check(thirtyTwo + "a", null, List.of("wechat"), Map.of(), 60)).hasSize(1);
    }

    @Test
    void wechatTitleStopsAtThirtyTwo() {
        assertThat(check(chars(32), null, List.of("wechat"), Map.of(), 60)).isEmpty();
        List<ContentProblem> over = check(chars(33), null, List.of("wechat"), Map.of(), 60);
        assertThat(over).extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("title", ContentProblem.WECHAT_TITLE_TOO_LONG));
        assertThat(over.get(0).message()).contains("32", "33", "另填");
    }

    @Test
    void aWechatTitleOverrideReplacesTheLongTitle() {
        Map<String, Map<String, String>> fits = Map.of("wechat", Map.of("title", chars(32)));
        assertThat(check(chars(60), null, List.of("wechat"), fits, 60)).isEmpty();
        Map<String, Map<String, String>> over = Map.of("wechat", Map.of("title", chars(33)));
        assertThat(check(chars(10), null, List.of("wechat"), over, 60))
                .extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("overrides.wechat.title", ContentProblem.WECHAT_TITLE_TOO_LONG));
    }

    @Test
    void wechatDigestIsTheOverrideElseTheSummary() {
        assertThat(check("标题", chars(128), List.of("wechat"), Map.of(), 60)).isEmpty();
        assertThat(check("标题", chars(129), List.of("wechat"), Map.of(), 60))
                .extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("summary", ContentProblem.WECHAT_DIGEST_TOO_LONG));
        assertThat(check("标题", chars(129), List.of("portal"), Map.of(), 60)).as("summary only counts for WeChat")
                .isEmpty();
        assertThat(check("标题", chars(500), List.of("wechat"), Map.of("wechat", Map.of("digest", chars(128))), 60))
                .isEmpty();
        assertThat(check("标题", null, List.of("wechat"), Map.of("wechat", Map.of("digest", chars(129))), 60))
                .extracting(ContentProblem::field).containsExactly("overrides.wechat.digest");
    }

    @Test
    void theDigestIsCountedWithWhiteSpaceCollapsed() {
        String spaced = chars(64) + "\n\n    " + chars(63);
        assertThat(check("标题", spaced, List.of("wechat"), Map.of(), 60)).isEmpty();
    }

    @Test
    void wechatAuthorStopsAtSixteen() {
        assertThat(check("标题", null, List.of("wechat"), Map.of("wechat", Map.of("author", chars(16))), 60)).isEmpty();
        assertThat(check("标题", null, List.of("wechat"), Map.of("wechat", Map.of("author", chars(17))), 60))
                .extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("overrides.wechat.author", ContentProblem.WECHAT_AUTHOR_TOO_LONG));
    }

    @Test
    void weiboTextMustLeaveRoomForASpaceAndTheLink() {
        // 140 = text + 1 space + 60 link: 79 characters fit, 80 do not.
        assertThat(check("标题", null, List.of("weibo"), Map.of("weibo", Map.of("text", chars(79))), 60)).isEmpty();
        List<ContentProblem> over = check("标题", null, List.of("weibo"),
                Map.of("weibo", Map.of("text", chars(80))), 60);
        assertThat(over).extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("overrides.weibo.text", ContentProblem.WEIBO_TEXT_TOO_LONG));
        assertThat(over.get(0).message()).contains("140", "80", "79个字以内");
        // A shorter link leaves more room.
        assertThat(check("标题", null, List.of("weibo"), Map.of("weibo", Map.of("text", chars(80))), 59)).isEmpty();
    }

    @Test
    void weiboTextMayNotCarryTopics() {
        assertThat(check("标题", null, List.of("weibo"), Map.of("weibo", Map.of("text", "#信访# 评议开始")), 60))
                .extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("overrides.weibo.text", ContentProblem.WEIBO_TOPIC));
        assertThat(check("标题", null, List.of("weibo"), Map.of("weibo", Map.of("text", "＃信访＃")), 60))
                .extracting(ContentProblem::code).containsExactly(ContentProblem.WEIBO_TOPIC);
    }

    @Test
    void withoutAnOverrideWeiboComposesItsOwnText() {
        assertThat(check(chars(200), chars(1000), List.of("weibo"), Map.of(), 60)).isEmpty();
    }

    @Test
    void aLinkTooLongForWeiboIsAProblemOfTheChannel() {
        assertThat(check("标题", null, List.of("weibo"), Map.of(), 139)).extracting(ContentProblem::field,
                ContentProblem::code).containsExactly(tuple("channels", ContentProblem.WEIBO_LINK_TOO_LONG));
        assertThat(check("标题", null, List.of("weibo"), Map.of(), 138)).isEmpty();
    }

    @Test
    void overridesOfChannelsNotChosenAreNotChecked() {
        assertThat(check("标题", null, List.of("portal"), Map.of("weibo", Map.of("text", "#" + chars(300))), 60))
                .isEmpty();
    }
}
