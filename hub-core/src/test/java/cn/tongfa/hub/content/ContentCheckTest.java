package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ContentCheckTest {

    private static final List<String> ALL = List.of("portal", "disclosure", "wechat", "weibo");

    private final ContentCheck check = ContentCheck.of(List.of("法轮功"), List.of());

    private static ContentInput input(String title, String summary, String body,
            Map<String, Map<String, String>> overrides, boolean reviewed) {
        return new ContentInput(title, summary, body, ALL, overrides, reviewed,
                ContentInput.TYPICAL_PORTAL_LINK_LENGTH);
    }

    @Test
    void aCleanItemPasses() {
        ContentReport report = check.check(input("关于开展2026年信访评议工作的通知", "评议工作安排",
                "<p style=\"text-indent:2em\">各单位：现将有关事项通知如下。</p>", Map.of(), false));
        assertThat(report.passed()).isTrue();
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.bodyChanged()).isFalse();
        assertThat(report.sanitizedBodyHtml()).isEqualTo("<p style=\"text-indent:2em\">各单位：现将有关事项通知如下。</p>");
    }

    @Test
    void personalDataInTheBodyIsAProblemNamingPositionAndMaskedNumber() {
        ContentReport report = check.check(input("通知", null, "<p>申请人身份证号3401<b>04199001011239</b></p>",
                Map.of(), false));
        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(tuple("bodyHtml", ContentProblem.ID_CARD,
                        "正文第8个字符处疑似身份证号 3401**********1239，请删除或确认已脱敏后勾选“已审查个人信息”"));
        assertThat(report.problems().get(0).message()).doesNotContain("340104199001011239");
    }

    @Test
    void personalDataMarkedReviewedIsOnlyAWarning() {
        ContentReport report = check.check(input("通知", "联系电话13800138000", "<p>正文</p>", Map.of(), true));
        assertThat(report.passed()).isTrue();
        assertThat(report.warnings()).extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("summary", ContentProblem.MOBILE));
        assertThat(report.warnings().get(0).message()).contains("摘要第5个字符处疑似手机号 138****8000");
    }

    @Test
    void sensitiveWordsAreAProblemEvenWhenPersonalDataIsReviewed() {
        ContentReport report = check.check(input("通知", null, "<p>严厉打击法 轮 功活动</p>", Map.of(), true));
        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(tuple("bodyHtml", ContentProblem.SENSITIVE_WORD,
                        "正文第5个字符处含敏感词“法轮功”（原文为“法 轮 功”），请删除或改写"));
    }

    @Test
    void overridesAreScannedUnderTheirOwnField() {
        ContentReport report = check.check(input("通知", null, "<p>正文</p>",
                Map.of("weibo", Map.of("text", "咨询13800138000，谨防法轮功"), "wechat", Map.of("digest", "摘要")),
                false));
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code).containsExactly(
                tuple("overrides.weibo.text", ContentProblem.MOBILE),
                tuple("overrides.weibo.text", ContentProblem.SENSITIVE_WORD));
        assertThat(report.problems().get(0).message()).startsWith("微博文字第3个字符处");
    }

    @Test
    void removedContentIsAWarningAndTheSanitisedBodyReplacesTheOriginal() {
        ContentReport report = check.check(input("通知", null,
                "<p onclick=\"x()\">正文</p><script>alert(1)</script><script>alert(2)</script>", Map.of(), false));
        assertThat(report.passed()).isTrue();
        assertThat(report.bodyChanged()).isTrue();
        assertThat(report.sanitizedBodyHtml()).isEqualTo("<p>正文</p>");
        assertThat(report.warnings()).extracting(ContentProblem::field, ContentProblem::code).containsExactly(
                tuple("bodyHtml", ContentProblem.HTML_ATTRIBUTE_REMOVED),
                tuple("bodyHtml", ContentProblem.HTML_ELEMENT_REMOVED));
        assertThat(report.warnings().get(1).message()).contains("<script>", "2处");
    }

    @Test
    void personalDataOnlyInRemovedContentIsNotReported() {
        ContentReport report = check.check(input("通知", null, "<p>正文</p><script>var p='13800138000'</script>",
                Map.of(), false));
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aBodyThatIsNothingButRemovedContentIsEmpty() {
        assertThat(check.check(input("通知", null, "<script>alert(1)</script>", Map.of(), false)).problems())
                .extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("bodyHtml", ContentProblem.BODY_EMPTY));
        assertThat(check.check(input("通知", null, "<p><img src=\"/media/abc\" alt=\"\"></p>", Map.of(), false))
                .problems()).isEmpty();
    }

    @Test
    void channelLimitsComeFirstInTheProblems() {
        ContentReport report = check.check(input("字".repeat(33), null, "<p>法轮功</p>", Map.of(), false));
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code).containsExactly(
                tuple("title", ContentProblem.WECHAT_TITLE_TOO_LONG),
                tuple("bodyHtml", ContentProblem.SENSITIVE_WORD));
    }

    @Test
    void manyFindingsInOneFieldAreSummarised() {
        String body = "<p>" + "13800138000，".repeat(25) + "</p>";
        ContentReport report = check.check(input("通知", null, body, Map.of(), false));
        assertThat(report.problems()).hasSize(21);
        assertThat(report.problems().get(20)).extracting(ContentProblem::code, ContentProblem::message)
                .containsExactly(ContentProblem.PERSONAL_DATA_MORE, "正文另有5处疑似个人信息未逐条列出，请一并检查");
    }

    @Test
    void aNegativeLinkLengthIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ContentInput("t", null, "b", ALL, null, false, -1));
    }

    @Test
    void sanitizeAloneAnswersTheSanitisedBody() {
        SanitizedHtml result = check.sanitize("<p>甲</p><iframe src=\"https://v.example.cn/1\"></iframe>");
        assertThat(result.html()).isEqualTo("<p>甲</p>");
        assertThat(ContentCheck.of(List.of(), List.of("v.example.cn"))
                .sanitize("<iframe src=\"https://v.example.cn/1\"></iframe>").changed()).isFalse();
    }
}
