package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import cn.tongfa.hub.content.SanitizedHtml.Removal;

class BodyHtmlSanitizerTest {

    private final BodyHtmlSanitizer sanitizer = new BodyHtmlSanitizer(List.of());
    private final BodyHtmlSanitizer withPlayer = new BodyHtmlSanitizer(List.of("Player.Example.cn"));

    @Test
    void anOrdinaryArticleIsKeptAsItIs() {
        String html = "<h2>一、工作目标</h2><p style=\"text-indent:2em\">各单位要<strong>高度重视</strong>，"
                + "<em>认真</em>落实。</p><ul><li>第一项</li></ul><blockquote>引文</blockquote>";
        SanitizedHtml result = sanitizer.sanitize(html);
        assertThat(result.html()).contains("<h2>一、工作目标</h2>", "<p style=\"text-indent:2em\">",
                "<strong>高度重视</strong>", "<em>认真</em>", "<ul><li>第一项</li></ul>", "<blockquote>引文</blockquote>");
        assertThat(result.changed()).isFalse();
    }

    @Test
    void whatAWordPasteNeedsIsKept() {
        String html = "<h1 style=\"text-align: center\">关于开展评议工作的通知</h1><h2>一、工作目标</h2>"
                + "<p align=\"center\">示信发〔2026〕3号</p><p style=\"text-align: right; font-weight: bold\">落款</p>"
                + "<ol><li>第一项<ul><li>细则</li></ul></li></ol><p><b>加粗</b>与<strong>强调</strong></p>"
                + "<table><thead><tr><th align=\"center\">单位</th></tr></thead>"
                + "<tbody><tr><td style=\"text-align: center\">信访局</td></tr></tbody></table>";
        SanitizedHtml result = sanitizer.sanitize(html);
        assertThat(result.html()).contains("<h1 style=\"text-align:center\">", "<h2>一、工作目标</h2>",
                "<p align=\"center\">", "text-align:right", "font-weight:bold",
                "<ol><li>第一项<ul><li>细则</li></ul></li></ol>", "<b>加粗</b>", "<strong>强调</strong>",
                "<thead><tr><th align=\"center\">单位</th></tr></thead>", "<td style=\"text-align:center\">信访局</td>");
        assertThat(result.removals()).isEmpty();
    }

    @Test
    void wordMarkupThatReachesTheServerRawLosesItsStylesAndClasses() {
        String html = "<p class=\"MsoNormal\" align=\"middle\" style=\"mso-list:l0 level1 lfo1;"
                + "font-family:仿宋_GB2312;text-align:center\"><span lang=\"EN-US\">正文</span></p>";
        SanitizedHtml result = sanitizer.sanitize(html);
        assertThat(result.html()).isEqualTo("<p style=\"text-align:center\"><span>正文</span></p>");
    }

    @Test
    void scriptElementsGoWithTheirContent() {
        SanitizedHtml result = sanitizer.sanitize("<p>正文</p><script>alert('x')</script>");
        assertThat(result.html()).isEqualTo("<p>正文</p>");
        assertThat(result.removals()).containsExactly(new Removal("script", null, 1));
        assertThat(result.changed()).isTrue();
    }

    @Test
    void styleElementsGoWithTheirContent() {
        SanitizedHtml result = sanitizer.sanitize("<style>p{display:none}</style><p>正文</p>");
        assertThat(result.html()).isEqualTo("<p>正文</p>");
        assertThat(result.removals()).extracting(Removal::element).containsExactly("style");
    }

    @Test
    void eventHandlersAreRemoved() {
        SanitizedHtml result = sanitizer.sanitize("<img src=\"/media/abc\" onerror=\"alert(1)\" alt=\"图\">"
                + "<p onclick=\"steal()\">段落</p>");
        assertThat(result.html()).doesNotContain("onerror", "onclick", "alert", "steal")
                .contains("<img src=\"/media/abc\" alt=\"图\" />", "<p>段落</p>");
        assertThat(result.removals()).containsExactly(new Removal("img", "onerror", 1), new Removal("p", "onclick", 1));
    }

    @Test
    void javascriptLinksLoseTheirHref() {
        SanitizedHtml result = sanitizer.sanitize("<p><a href=\"javascript:alert(1)\">点此</a>"
                + "<a href=\"JaVaScRiPt&#58;alert(1)\">再点</a></p>");
        assertThat(result.html()).isEqualTo("<p>点此再点</p>");
        // A link left without an address is no link: the element goes, its text stays.
        assertThat(result.removals()).containsExactly(new Removal("a", null, 2));
    }

    @Test
    void webMailAndRelativeLinksAreKept() {
        String html = "<p><a href=\"https://www.gov.cn/\">国务院</a><a href=\"http://example.cn/a\">甲</a>"
                + "<a href=\"mailto:xfj@example.gov.cn\">信箱</a><a href=\"/zwgk/t1.html\">站内</a></p>";
        SanitizedHtml result = sanitizer.sanitize(html);
        assertThat(result.html()).contains("href=\"https://www.gov.cn/\"", "href=\"http://example.cn/a\"",
                "href=\"mailto:xfj&#64;example.gov.cn\"", "href=\"/zwgk/t1.html\"");
        assertThat(result.changed()).isFalse();
    }

    @Test
    void aLinkOpeningANewWindowGetsNoopenerNoreferrer() {
        SanitizedHtml result = sanitizer.sanitize("<a href=\"https://www.gov.cn/\" target=\"_blank\">国务院</a>");
        assertThat(result.html()).contains("target=\"_blank\"").containsPattern("rel=\"noopener noreferrer\"");
    }

    @Test
    void dataImagesAreRemovedEntirely() {
        SanitizedHtml result = sanitizer.sanitize("<p>前</p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\">"
                + "<img src=\"java&#x09;script:alert(1)\" alt=\"y\">");
        assertThat(result.html()).isEqualTo("<p>前</p>");
        assertThat(result.removals()).extracting(Removal::element).contains("img");
        // mailto: is fine for links, not for images.
        assertThat(sanitizer.sanitize("<img src=\"mailto:a@example.cn\" alt=\"x\">").html()).isEmpty();
    }

    @Test
    void imagesFromTheWebAndFromMediaAreKept() {
        String html = "<img src=\"/media/9f2c\" alt=\"现场照片\" width=\"600\" height=\"400\">"
                + "<img src=\"https://img.example.cn/a.jpg\" alt=\"\">";
        SanitizedHtml result = sanitizer.sanitize(html);
        assertThat(result.html()).contains("<img src=\"/media/9f2c\" alt=\"现场照片\" width=\"600\" height=\"400\" />",
                "<img src=\"https://img.example.cn/a.jpg\"");
        assertThat(result.changed()).isFalse();
    }

    @Test
    void tablesAreKeptWithSpans() {
        String html = "<table><thead><tr><th colspan=\"2\">指标</th></tr></thead>"
                + "<tbody><tr><td rowspan=\"2\">收件</td><td>812</td></tr></tbody></table>";
        SanitizedHtml result = sanitizer.sanitize(html);
        assertThat(result.html()).isEqualTo(html);
    }

    @Test
    void onlySafeInlineStylesSurvive() {
        SanitizedHtml result = sanitizer.sanitize("<div style=\"text-align:center;color:red;"
                + "background:url(javascript:alert(1))\">居中</div><span style=\"font-weight:bold\">粗</span>");
        assertThat(result.html()).contains("<div style=\"text-align:center\">居中</div>",
                "<span style=\"font-weight:bold\">粗</span>").doesNotContain("color", "javascript", "background");
    }

    @Test
    void iframesAreRemovedUnlessTheHostIsConfigured() {
        String frame = "<iframe src=\"https://player.example.cn/v/1\" width=\"640\" height=\"360\"></iframe>";
        assertThat(sanitizer.sanitize(frame).html()).doesNotContain("iframe");
        assertThat(sanitizer.sanitize(frame).removals()).extracting(Removal::element).contains("iframe");

        assertThat(withPlayer.sanitize(frame).html())
                .isEqualTo("<iframe src=\"https://player.example.cn/v/1\" width=\"640\" height=\"360\"></iframe>");
        assertThat(withPlayer.sanitize(frame).changed()).isFalse();
    }

    @Test
    void iframesFromForeignHostsAreRemovedEvenWhenSomeHostIsConfigured() {
        for (String src : List.of("https://evil.example.com/v/1", "https://player.example.cn.evil.com/",
                "https://sub.player.example.cn/", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "/local/page")) {
            SanitizedHtml result = withPlayer.sanitize("<p>视频</p><iframe src=\"" + src + "\"></iframe>");
            assertThat(result.html()).as(src).isEqualTo("<p>视频</p>");
            assertThat(result.changed()).as(src).isTrue();
        }
    }

    @Test
    void unknownElementsAreReportedButTheirTextStays() {
        SanitizedHtml result = sanitizer.sanitize("<p><font color=\"red\">红字</font></p><form><input></form>");
        assertThat(result.html()).isEqualTo("<p>红字</p>");
        assertThat(result.removals()).extracting(Removal::element).contains("font", "form", "input");
    }

    @Test
    void chinesePunctuationStaysLiteralButFullWidthMarkupCharactersStayEncoded() {
        SanitizedHtml result = sanitizer.sanitize("<p title=\"注：（一）\">各单位：请于（三）日前报送，谢谢！＜script＞</p>");
        assertThat(result.html()).isEqualTo(
                "<p>各单位：请于（三）日前报送，谢谢！&#xff1c;script&#xff1e;</p>");
        SanitizedHtml image = sanitizer.sanitize("<img src=\"/media/a\" alt=\"注：（一）\">");
        assertThat(image.html()).isEqualTo("<img src=\"/media/a\" alt=\"注：（一）\" />");
    }

    @Test
    void nothingInNothingOut() {
        assertThat(sanitizer.sanitize(null).html()).isEmpty();
        assertThat(sanitizer.sanitize("").changed()).isFalse();
    }
}
