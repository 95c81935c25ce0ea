package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import cn.tongfa.hub.content.ImageFact.Role;

class ImageLimitsTest {

    private static final long WEIBO_JUST_UNDER = 5L * 1024 * 1024 - 1;
    private static final List<String> ALL = List.of("portal", "disclosure", "wechat", "weibo");
    private final ContentCheck check = ContentCheck.of(List.of(), List.of());

    private static ImageFact image(Role role, String name, String type, long size, int width, int height,
            boolean animated) {
        return new ImageFact(role, name, type, size, width, height, animated);
    }

    @Test
    void goodImagesPassEveryChannel() {
        assertThat(check.imagePreflight(ALL, List.of(
                image(Role.COVER, "封面.jpg", "image/jpeg", 9_000_000, 4000, 3000, false),
                image(Role.BODY, "图1.png", "image/png", 3_000_000, 1920, 1080, false),
                image(Role.BODY, "图2.gif", "image/gif", 200_000, 300, 200, false)))).isEmpty();
    }

    @Test
    void aWechatCoverTooSmallForTheCardIsRefusedNamingTheChannel() {
        List<ContentProblem> problems = check.imagePreflight(ALL, List.of(
                image(Role.COVER, "小图.jpg", "image/jpeg", 20_000, 469, 400, false)));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.channel()).isEqualTo("wechat");
            assertThat(problem.field()).isEqualTo("coverMediaId");
            assertThat(problem.code()).isEqualTo(ContentProblem.IMAGE_TOO_SMALL);
            assertThat(problem.message()).startsWith("微信公众号：封面“小图.jpg”只有 469×400 像素").contains("470×200");
        });
        assertThat(check.imagePreflight(ALL, List.of(image(Role.COVER, "扁.jpg", "image/jpeg", 20_000, 900, 199,
                false)))).extracting(ContentProblem::code).containsExactly(ContentProblem.IMAGE_TOO_SMALL);
        assertThat(check.imagePreflight(ALL, List.of(image(Role.COVER, "刚好.jpg", "image/jpeg", 20_000, 470, 200,
                false)))).isEmpty();
        // A small body image is the editor's choice: no channel crops it into a card.
        assertThat(check.imagePreflight(ALL, List.of(image(Role.BODY, "图标.png", "image/png", 900, 32, 32,
                false)))).isEmpty();
        assertThat(check.imagePreflight(List.of("portal", "weibo"), List.of(image(Role.COVER, "小图.jpg",
                "image/jpeg", 20_000, 100, 100, false)))).isEmpty();
    }

    @Test
    void anAnimatedBodyGifIsRefusedForWechatOnly() {
        ImageFact animation = image(Role.BODY, "动图.gif", "image/gif", 2_000_000, 400, 300, true);

        assertThat(check.imagePreflight(ALL, List.of(animation))).singleElement().satisfies(problem -> {
            assertThat(problem.channel()).isEqualTo("wechat");
            assertThat(problem.field()).isEqualTo("bodyHtml");
            assertThat(problem.code()).isEqualTo(ContentProblem.IMAGE_ANIMATION_LOST);
            assertThat(problem.message()).startsWith("微信公众号：正文图片“动图.gif”是动图");
        });
        assertThat(check.imagePreflight(List.of("portal", "disclosure", "weibo"), List.of(animation))).isEmpty();
    }

    @Test
    void theWeiboPicIsTheCoverElseTheFirstBodyImageAndABigAnimationIsRefused() {
        ImageFact big = image(Role.BODY, "大动图.gif", "image/gif", 6L * 1024 * 1024, 800, 600, true);
        ImageFact still = image(Role.BODY, "静图.png", "image/png", 100_000, 800, 600, false);
        ImageFact cover = image(Role.COVER, "封面.jpg", "image/jpeg", 100_000, 900, 383, false);

        assertThat(check.imagePreflight(List.of("weibo"), List.of(big, still))).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.channel()).isEqualTo("weibo");
                    assertThat(problem.message()).startsWith("微博：配图（正文图片“大动图.gif”）是 6.0MB 的动图");
                });
        assertThat(check.imagePreflight(List.of("weibo"), List.of(still, big))).isEmpty();
        assertThat(check.imagePreflight(List.of("weibo"), List.of(cover, big))).isEmpty();
        assertThat(check.imagePreflight(List.of("weibo"), List.of(image(Role.BODY, "小动图.gif", "image/gif",
                WEIBO_JUST_UNDER, 800, 600, true)))).isEmpty();
    }

    @Test
    void unsupportedTypesAndDecompressionBombsAreRefusedPerChannel() {
        List<ContentProblem> problems = check.imagePreflight(ALL, List.of(
                image(Role.COVER, "封面.webp", "image/webp", 100_000, 900, 383, false),
                image(Role.BODY, "炸弹.png", "image/png", 900_000, 10_000, 10_000, false)));

        assertThat(problems).extracting(ContentProblem::channel, ContentProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("wechat", ContentProblem.IMAGE_TYPE_UNSUPPORTED),
                org.assertj.core.groups.Tuple.tuple("wechat", ContentProblem.IMAGE_TOO_LARGE),
                org.assertj.core.groups.Tuple.tuple("weibo", ContentProblem.IMAGE_TYPE_UNSUPPORTED));
        assertThat(problems.get(0).message()).isEqualTo(
                "微信公众号：封面“封面.webp”是 WebP 图片，微信公众号只接受 JPG、PNG 和 GIF 图片：请转换后重新上传");
        assertThat(problems.get(1).message()).startsWith("微信公众号：正文图片“炸弹.png”有 10000×10000 像素");
        assertThat(problems.get(2).message()).startsWith("微博：封面“封面.webp”是 WebP 图片");
        assertThat(check.imagePreflight(List.of("portal", "disclosure"), List.of(
                image(Role.COVER, "封面.webp", "image/webp", 100_000, 900, 383, false)))).isEmpty();
    }

    @Test
    void noImagesNoProblems() {
        assertThat(check.imagePreflight(ALL, List.of())).isEmpty();
        assertThat(check.imagePreflight(null, null)).isEmpty();
    }
}
