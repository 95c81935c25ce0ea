package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AttachmentCheckTest {

    private final ContentCheck check = ContentCheck.of(List.of("法轮功"), List.of());

    private static ContentInput input(boolean reviewed, AttachmentText... attachments) {
        return new ContentInput("关于公示名单的通知", null, "<p>现将名单公示如下。</p>", List.of("portal"), Map.of(),
                reviewed, ContentInput.TYPICAL_PORTAL_LINK_LENGTH).withAttachments(List.of(attachments));
    }

    private static AttachmentText pdf(String... pages) {
        List<AttachmentText.Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            parts.add(AttachmentText.Part.of("第 " + (i + 1) + " 页", pages[i]));
        }
        return AttachmentText.readable("公示名单.pdf", parts, false);
    }

    @Test
    void anIdNumberInAnAttachmentBlocksLikeOneInTheBodyNamingTheAttachmentAndPage() {
        ContentReport report = check.check(input(false, AttachmentText.readable("说明.docx",
                List.of(AttachmentText.Part.of("正文", "无个人信息")), false),
                pdf("公示名单", "张三 110105194912310118 男")));
        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(tuple("attachments[1]", ContentProblem.ID_CARD,
                        "附件《公示名单.pdf》第 2 页：发现疑似身份证号 1101**********0118（已隐去部分），"
                                + "请删除或确认已脱敏后勾选“已审查个人信息”"));
        assertThat(report.problems().get(0).message()).doesNotContain("110105194912310118");
    }

    @Test
    void anEighteenDigitRunWithoutAValidCheckDigitIsNotAnIdNumber() {
        ContentReport report = check.check(input(false, pdf("编号 110105194912310119", "流水号 123456789012345678")));
        assertThat(report.passed()).isTrue();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void theReviewersConfirmationMakesAttachmentFindingsWarnings() {
        ContentReport report = check.check(input(true, pdf("联系电话 13800138000"),
                AttachmentText.unreadable("扫描件.pdf", "只有图像，没有文字层，可能是扫描件")));
        assertThat(report.passed()).isTrue();
        assertThat(report.warnings()).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(
                        tuple("attachments[0]", ContentProblem.MOBILE,
                                "附件《公示名单.pdf》第 1 页：发现疑似手机号 138****8000（已隐去部分）"
                                        + "（已勾选“已审查个人信息”，请审核人确认可以公开）"),
                        tuple("attachments[1]", ContentProblem.ATTACHMENT_UNREADABLE,
                                "附件《扫描件.pdf》无法读取文字（只有图像，没有文字层，可能是扫描件）"
                                        + "（已勾选“已审查个人信息”，请审核人确认可以公开）"));
    }

    @Test
    void anUnreadableAttachmentOrPageOrACutTextIsAProblemUntilReviewed() {
        AttachmentText partly = AttachmentText.readable("名单.pdf", List.of(AttachmentText.Part.of("第 1 页", "说明"),
                new AttachmentText.Part("第 2 页", "", "没有文字层，可能是扫描页")), true);
        ContentReport report = check.check(input(false, AttachmentText.unreadable("名单.docx", "文件已加密"), partly));
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(
                        tuple("attachments[0]", ContentProblem.ATTACHMENT_UNREADABLE,
                                "附件《名单.docx》无法读取文字（文件已加密），请人工核对其中是否含有个人信息，"
                                        + "核对后勾选“已审查个人信息”"),
                        tuple("attachments[1]", ContentProblem.ATTACHMENT_UNREADABLE,
                                "附件《名单.pdf》第 2 页无法读取文字（没有文字层，可能是扫描页），请人工核对其中是否含有"
                                        + "个人信息，核对后勾选“已审查个人信息”"),
                        tuple("attachments[1]", ContentProblem.ATTACHMENT_TRUNCATED,
                                "附件《名单.pdf》文字过长，只检查了前面的部分，请人工核对其余部分是否含有个人信息，"
                                        + "核对后勾选“已审查个人信息”"));
    }

    @Test
    void sensitiveWordsInAnAttachmentBlockEvenWhenReviewed() {
        ContentReport report = check.check(input(true, AttachmentText.readable("汇总.xlsx",
                List.of(AttachmentText.Part.of("工作表“线索”", "涉法轮功线索")), false)));
        assertThat(report.problems()).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(tuple("attachments[0]", ContentProblem.SENSITIVE_WORD,
                        "附件《汇总.xlsx》工作表“线索”：含敏感词“法轮功”，请删除或改写"));
    }

    @Test
    void manyFindingsInOneAttachmentAreListedUpToTheLimitAndCounted() {
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < ContentCheck.LISTED_PER_FIELD + 5; i++) {
            page.append("电话 1380013").append(String.format("%04d", i)).append('\n');
        }
        ContentReport report = check.check(input(false, pdf(page.toString())));
        assertThat(report.problems()).hasSize(ContentCheck.LISTED_PER_FIELD + 1);
        assertThat(report.problems().get(ContentCheck.LISTED_PER_FIELD).message())
                .isEqualTo("附件《公示名单.pdf》另有5处疑似个人信息未逐条列出，请一并检查");
    }
}
