package cn.tongfa.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.support.FreePort;

/**
 * The editors' workspace in a real headless Chromium, against the embedded default (H2 file database, the
 * hub's own Kafka broker, sandbox channels): an editor writes an item and checks its previews, a reviewer and
 * an approver approve it, the approver publishes, and the status board shows every channel delivered.
 */
class EditorWorkspaceIT {

    private static final String PASSWORD = "workspace-secret";

    @TempDir
    static Path home;

    private static int port;
    private static ConfigurableApplicationContext hub;

    private Browser browser;

    @BeforeAll
    static void startHub() {
        Browser.requireChromium();
        port = FreePort.find();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/tongfa")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--tongfa.kafka.embedded.data-dir=" + home.resolve("kafka"),
                "--tongfa.kafka.embedded.port=" + FreePort.find(),
                "--tongfa.kafka.embedded.controller-port=" + FreePort.find(),
                "--tongfa.connectors.portal.root=" + home.resolve("portal"),
                "--tongfa.sandbox.enabled=true",
                "--TONGFA_ADMIN_PASSWORD=" + PASSWORD,
                "--tongfa.agencies[0].id=demo",
                "--tongfa.agencies[0].name=示范市信访局",
                "--tongfa.agencies[0].org-code=11340000MB1234567X",
                "--tongfa.agencies[0].channels=portal,disclosure,wechat,weibo",
                "--tongfa.agencies[0].review-chain=REVIEWER,APPROVER",
                "--tongfa.agencies[0].categories=机构职能,政策法规,业务工作,其他"));
        String[][] users = {
                {"editor", "EDITOR"}, {"reviewer", "REVIEWER"}, {"approver", "APPROVER"},
                {"zhao", "EDITOR,REVIEWER"}};
        for (int i = 0; i < users.length; i++) {
            args.add("--tongfa.demo.users[" + i + "].username=" + users[i][0]);
            args.add("--tongfa.demo.users[" + i + "].password=" + PASSWORD);
            args.add("--tongfa.demo.users[" + i + "].agency=demo");
            args.add("--tongfa.demo.users[" + i + "].roles=" + users[i][1]);
        }
        hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser("http://localhost:" + port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void itemGoesFromEditorThroughReviewToEveryChannel() {
        String title = "关于开展2026年信访评议工作的通知";

        browser.open("/");
        browser.await("#login-form");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/login");
        browser.screenshot("01-login");

        browser.login("editor", PASSWORD);
        assertThat(browser.find(".who").getText()).contains("示范市信访局", "信息员");
        assertThat(browser.driver.findElements(By.id("nav-audit"))).isEmpty();
        browser.screenshot("02-board-empty");

        // A form without a title comes back with the message at the title, and keeps what was typed.
        browser.find("#nav-new").click();
        browser.await("#item-form");
        assertThat(browser.driver.findElements(By.cssSelector("input[name=channels]:checked")))
                .as("channels default to the agency's").hasSize(4);
        browser.setBody("<p>各县（区）信访局：现将有关事项通知如下。</p>");
        browser.find("#save").click();
        assertThat(browser.awaitText("#error-title")).contains("必填项");
        assertThat(browser.body()).contains("各县（区）信访局");
        browser.screenshot("03-compose-errors");

        browser.type("#title", title);
        browser.type("#summary", "部署开展2026年度信访工作评议，请各单位按时报送材料。");
        new org.openqa.selenium.support.ui.Select(browser.find("#category")).selectByVisibleText("业务工作");
        browser.type("#docType", "通知公告");
        browser.type("#docNumber", "示信发〔2026〕3号");
        browser.setValue("#writtenOn", "2026-02-27");
        browser.type("#wechatDigest", "2026年信访评议工作启动，请各单位3月底前报送材料。");
        browser.screenshot("04-compose");
        browser.find("#save").click();

        // The item page: each channel's preview as the connectors would send it.
        assertThat(browser.awaitText("#notice")).contains("已保存草稿");
        String itemUrl = browser.driver.getCurrentUrl();
        assertThat(browser.find("#item-title").getText()).isEqualTo(title);
        assertThat(browser.find(".page-head .status").getText()).isEqualTo("草稿");
        assertThat(browser.find("#preview-portal iframe").getAttribute("srcdoc")).contains(title);
        browser.screenshot("05-item-preview-portal");
        browser.find(".tabs [data-tab=wechat]").click();
        assertThat(browser.awaitText("#preview-wechat .wechat-title")).isEqualTo(title);
        assertThat(browser.find("#preview-wechat .wechat-digest").getText()).startsWith("2026年信访评议工作启动");
        assertThat(browser.find("#preview-wechat .wechat-more").getAttribute("href")).contains("/portal/");
        browser.screenshot("06-item-preview-wechat");
        browser.find(".tabs [data-tab=weibo]").click();
        assertThat(browser.awaitText("#preview-weibo #weibo-text")).contains(title).contains("http");
        assertThat(browser.find("#preview-weibo #weibo-count").getText()).matches("字数 \\d+/140");
        browser.screenshot("06-item-preview-weibo");
        browser.find(".tabs [data-tab=disclosure]").click();
        assertThat(browser.awaitText("#preview-disclosure .disclosure-entry"))
                .contains("示信发〔2026〕3号", "示范市信访局", "业务工作", "2026-02-27");
        browser.screenshot("06-item-preview-disclosure");
        assertThat(browser.driver.findElements(By.cssSelector(".preview-problem"))).isEmpty();

        browser.find("#comment").sendKeys("请审核");
        browser.find("#do-submit").click();
        assertThat(browser.awaitText("#notice")).contains("已提交审核").contains("审核");
        assertThat(browser.find(".page-head .status").getText()).isEqualTo("审核中");
        assertThat(browser.find("#step-note").getText()).contains("第 1 步");
        assertThat(browser.driver.findElements(By.id("do-approve"))).as("an editor does not review").isEmpty();
        browser.screenshot("07-item-submitted");
        browser.logout();
        browser.screenshot("08-logged-out");

        // First step: the reviewer.
        browser.login("reviewer", PASSWORD);
        assertThat(browser.driver.findElements(By.id("nav-new"))).as("a reviewer writes nothing").isEmpty();
        browser.find("#board-rows a").click();
        // Returning an item needs a reason, asked for next to the comment box.
        browser.await("#do-reject").click();
        assertThat(browser.awaitText("#error-comment")).contains("请填写理由");
        assertThat(browser.find(".page-head .status").getText()).isEqualTo("审核中");
        browser.screenshot("09-item-reject-needs-reason");
        browser.find("#comment").sendKeys("内容无误，同意。");
        browser.find("#do-approve").click();
        assertThat(browser.awaitText("#notice")).contains("转第 2 步", "签发");
        browser.screenshot("10-item-reviewed");
        browser.logout();

        // Second step and publication: the approver.
        browser.login("approver", PASSWORD);
        browser.open(itemUrl.substring(itemUrl.indexOf("/items/")));
        browser.await("#do-approve").click();
        assertThat(browser.awaitText("#notice")).contains("审核完成");
        browser.await("#do-publish").click();
        assertThat(browser.awaitText("#notice")).contains("已发布");
        assertThat(browser.find(".page-head .status").getText()).isEqualTo("已发布");
        browser.screenshot("11-item-published");

        // The deliveries box refreshes itself (htmx) until every channel has answered.
        browser.waiting(Duration.ofSeconds(90)).until(d -> delivered(d.findElements(
                By.cssSelector("#delivery-badges .badge"))));
        assertThat(browser.driver.findElements(By.cssSelector("#deliveries-table .delivery-link")))
                .as("a link to each channel's copy once delivered").isNotEmpty();
        assertThat(browser.find("#history-table").getText())
                .contains("提交审核", "审核通过", "发布", "reviewer", "approver", "内容无误，同意。");
        browser.screenshot("12-item-delivered");

        browser.open("/");
        String itemId = itemUrl.substring(itemUrl.lastIndexOf('/') + 1);
        String rowCss = "#board-rows tr[data-item='" + itemId + "']";
        browser.await(rowCss);
        browser.waiting(Duration.ofSeconds(30)).until(d -> delivered(d.findElements(By.cssSelector(rowCss + " .badge"))));
        WebElement row = browser.find(rowCss);
        assertThat(row.getText()).contains(title, "已发布", "editor");
        assertThat(row.findElements(By.cssSelector(".badge")))
                .extracting(b -> b.getAttribute("data-channel") + ":" + b.findElement(By.className("badge-st")).getText())
                .containsExactly("portal:已送达", "disclosure:已送达", "wechat:已送达", "weibo:已送达");
        browser.screenshot("13-board-delivered");
        browser.logout();

        // The administrator sees every step in the audit log, newest first.
        browser.login("admin", PASSWORD);
        browser.find("#nav-audit").click();
        browser.await("#audit-table");
        List<String> actions = browser.driver.findElements(By.cssSelector(".audit-row")).stream()
                .map(r -> r.getAttribute("data-action")).toList();
        assertThat(actions).containsSubsequence("PUBLISH", "APPROVE", "APPROVE", "SUBMIT", "CREATE");
        browser.screenshot("14-audit");
    }

    /**
     * Real content from the editor's keyboard to the reader: an image through the editor's image dialog, a Word
     * document pasted (through TinyMCE's paste pipeline and our filter), a cover chosen, two PDFs attached, renamed
     * and reordered; then review, publication and the portal page with its image and its downloadable attachment.
     */
    @Test
    void richItemWithImageCoverAndAttachmentsReachesTheReader() throws Exception {
        String title = "关于报送2026年信访评议材料的通知";
        Path image = home.resolve("评议流程图.png");
        writePng(image);
        Path form = home.resolve("材料报送表.pdf");
        Path rules = home.resolve("评议细则.pdf");
        Files.write(form, pdf("Form"));
        Files.write(rules, pdf("Rules"));

        browser.login("editor", PASSWORD);
        browser.find("#nav-new").click();
        browser.await("#item-form");
        browser.awaitEditor();
        browser.type("#title", title);
        new org.openqa.selenium.support.ui.Select(browser.find("#category")).selectByVisibleText("业务工作");

        // The Word document first, pasted as Chromium hands it to the page.
        browser.script("var e = tinymce.get('bodyHtml'); e.focus(); var w = e.getWin();"
                + "var data = new w.DataTransfer(); data.setData('text/html', arguments[0]);"
                + "data.setData('text/plain', '关于做好信访评议的通知');"
                + "e.getBody().dispatchEvent(new w.ClipboardEvent('paste', {clipboardData: data, bubbles: true,"
                + " cancelable: true}));", WORD_FRAGMENT);
        browser.waiting(Duration.ofSeconds(10)).until(d -> browser.body().contains("组织评议"));
        String pasted = browser.body();
        assertThat(pasted).containsPattern("<h1 style=\"text-align: center;?\">关于做好信访评议的通知</h1>")
                .contains("<h2>一、工作安排</h2>")
                .containsPattern("<ol>\\s*<li>报送材料</li>\\s*<li>组织评议</li>\\s*</ol>")
                .contains("<strong>各单位</strong>", "<table", "<td", "市信访局", "3月31日")
                .containsPattern("<p style=\"text-align: right;?\">示范市信访局</p>");
        assertThat(pasted).doesNotContain("mso-", "Mso", "o:p", "font-family", "w:WordDocument", "lang=",
                "_Toc", "1.&nbsp;", "supportLists");

        // Word's list levels become nested lists, bullets <ul> and numbers <ol>, whatever the marker's font.
        String nested = (String) browser.script("return TongfaPaste.cleanPastedHtml(arguments[0]).html;",
                "<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><![if !supportLists]>"
                        + "<span style='font-family:Symbol'>·<span>&nbsp;</span></span><![endif]>甲</p>\n"
                        + "<p class=MsoListParagraphCxSpMiddle style='mso-list:l1 level2 lfo2'><![if !supportLists]>"
                        + "<span>1)<span>&nbsp;</span></span><![endif]>子一</p>\n"
                        + "<p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><![if !supportLists]>"
                        + "<span>·</span><![endif]>乙</p><p class=MsoNormal>其后正文</p>");
        assertThat(nested.replaceAll(">\\s+<", "><").strip())
                .isEqualTo("<ul><li>甲<ol><li>子一</li></ol></li><li>乙</li></ul><p>其后正文</p>");

        // The image through the toolbar: the dialog's upload tab sends it to the media API.
        browser.script("var e = tinymce.get('bodyHtml'); var p = e.dom.add(e.getBody(), 'p', {}, '<br>');"
                + "e.selection.setCursorLocation(p, 0);");
        browser.find(".tox-tbtn[aria-label='插入或编辑图片']").click();
        browser.await(".tox-dialog");
        browser.driver.findElement(By.xpath("//div[contains(@class,'tox-dialog__body-nav-item')][.='上传']")).click();
        browser.screenshot("43-image-dialog-upload");
        browser.driver.findElement(By.cssSelector(".tox-dialog input[type=file]")).sendKeys(image.toString());
        browser.waiting(Duration.ofSeconds(20)).until(d -> !String.valueOf(browser.script(
                "var i = document.querySelector('.tox-dialog input[type=url]'); return i ? i.value : '';")).isEmpty());
        browser.driver.findElement(By.cssSelector(".tox-dialog input[type=url]"));
        browser.driver.findElements(By.cssSelector(".tox-dialog .tox-textfield")).get(1).sendKeys("评议流程图");
        browser.driver.findElement(By.xpath("//div[contains(@class,'tox-dialog__footer')]//button[.='保存']")).click();
        browser.waiting(Duration.ofSeconds(10)).until(d -> browser.body().contains("<img"));
        Matcher img = Pattern.compile("<img src=\"/media/([^\"]+)\" alt=\"评议流程图\"").matcher(browser.body());
        assertThat(img.find()).as("the body image points at the hub's media: %s", browser.body()).isTrue();
        String imageId = img.group(1);
        announced("#body-upload-live", "上传完成");

        // The cover: the body's image, previewed as each channel crops it.
        browser.await("#cover-choices .cover-choice").click();
        assertThat(browser.find("#coverMediaId").getAttribute("value")).isEqualTo(imageId);
        assertThat(browser.await("#cover-previews .crop-wechat-list img").getAttribute("src")).endsWith("/media/" + imageId);
        assertThat(browser.find("#cover-previews").getText()).contains("2.35:1", "1:1", "微博");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("cover-remove");

        // Two attachments in one choice, each with its progress; renamed and put in the reader's order.
        // A page named .pdf is refused by the media API; the editor reads why and what to do, next to the list.
        Path fake = home.resolve("伪装的通知.pdf");
        Files.writeString(fake, "<html><body><script>alert(1)</script></body></html>");
        browser.find("#attachment-files").sendKeys(fake.toString());
        String refusal = browser.awaitText("#attachment-upload-status .upload-row.failed [role=alert]");
        assertThat(refusal).contains("伪装的通知.pdf").contains("请确认文件类型后重新上传");
        assertThat(browser.driver.findElements(By.cssSelector("#attachment-list li"))).isEmpty();
        browser.find("#attachment-upload-status .upload-row.failed button").click();

        browser.find("#attachment-files").sendKeys(form + "\n" + rules);
        browser.waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#attachment-list li")).size() == 2);
        assertThat(names()).containsExactly("材料报送表.pdf", "评议细则.pdf");
        assertThat(browser.find("#attachment-list li .att-type").getText()).isEqualTo("PDF");
        browser.type("#attachment-name-0", "附件1：材料报送表");
        browser.find("#attachment-list li:nth-child(2) [data-move='-1']").click();
        assertThat(names()).containsExactly("评议细则.pdf", "附件1：材料报送表");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("aria-label")).isEqualTo("下移“评议细则.pdf”");
        announced("#attachments-live", "“评议细则.pdf”已移到第 1 位");
        // A file dropped on the box is added like a chosen one; removing it moves the focus to the list's next row.
        browser.script("var bytes = Uint8Array.from(atob(arguments[0]), function (c) { return c.charCodeAt(0); });"
                + "var data = new DataTransfer(); data.items.add(new File([bytes], '拖入的附件.pdf',"
                + " {type: 'application/pdf'}));"
                + "var box = document.getElementById('attachments');"
                + "box.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));"
                + "box.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));",
                java.util.Base64.getEncoder().encodeToString(pdf("Dropped")));
        browser.waiting(Duration.ofSeconds(20)).until(d -> names().size() == 3);
        assertThat(names()).containsExactly("评议细则.pdf", "附件1：材料报送表", "拖入的附件.pdf");
        browser.find("#attachment-list li:nth-child(3) [data-remove]").click();
        assertThat(names()).containsExactly("评议细则.pdf", "附件1：材料报送表");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("aria-label"))
                .isEqualTo("移除附件“附件1：材料报送表”");
        announced("#attachments-live", "已移除附件“拖入的附件.pdf”");
        browser.screenshot("40-compose-rich");

        browser.find("#save").click();
        assertThat(browser.awaitText("#notice")).contains("已保存草稿");
        String itemPath = browser.driver.getCurrentUrl().substring(browser.driver.getCurrentUrl().indexOf("/items/"));
        browser.screenshot("41-item-rich");
        assertThat(browser.find("#item-attachments").getText()).containsSubsequence("评议细则.pdf", "附件1：材料报送表");

        // Editing keeps the list as it was left: order, names, types.
        browser.find("#edit").click();
        browser.awaitEditor();
        assertThat(names()).containsExactly("评议细则.pdf", "附件1：材料报送表");
        assertThat(browser.find("#coverMediaId").getAttribute("value")).isEqualTo(imageId);
        assertThat(browser.find("#attachment-list li .att-type").getText()).isEqualTo("PDF");
        browser.open(itemPath);
        browser.await("#do-submit").click();
        assertThat(browser.awaitText("#notice")).contains("已提交审核");
        browser.logout();

        browser.login("reviewer", PASSWORD);
        browser.open(itemPath);
        browser.await("#do-approve").click();
        assertThat(browser.awaitText("#notice")).contains("转第 2 步");
        browser.logout();
        browser.login("approver", PASSWORD);
        browser.open(itemPath);
        browser.await("#do-approve").click();
        assertThat(browser.awaitText("#notice")).contains("审核完成");
        browser.await("#do-publish").click();
        assertThat(browser.awaitText("#notice")).contains("已发布");
        browser.waiting(Duration.ofSeconds(90)).until(d -> d.findElements(
                By.cssSelector("#delivery-badges .badge[data-channel=portal][data-status=DELIVERED]")).size() == 1);
        String portalUrl = browser.find("a[href*='/portal/']").getAttribute("href");
        browser.logout();

        // The reader: no session, the portal's page, its image and its attachment.
        browser.open(portalUrl.substring(portalUrl.indexOf("/portal/")));
        assertThat(browser.awaitText("h1")).contains(title);
        String page = browser.driver.getPageSource();
        assertThat(page).contains("报送材料", "组织评议", "市信访局").containsPattern("<ol>\\s*<li>报送材料");
        WebElement bodyImage = browser.await("img[alt='评议流程图']");
        assertThat((Boolean) browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0;", bodyImage))
                .as("the body image loads for a reader").isTrue();
        WebElement link = browser.driver.findElements(By.tagName("a")).stream()
                .filter(a -> a.getText().contains("材料报送表")).findFirst().orElseThrow();
        String href = link.getAttribute("href");
        assertThat(href).as("the portal serves its own copy, not the hub's media").contains("/portal/demo/files/");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Files.readAllBytes(form));
        browser.screenshot("42-portal-rich");
    }

    /** What a screen reader is told in the live region (set a moment after the change, so waited for). */
    private void announced(String css, String text) {
        browser.waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(css))
                .getAttribute("textContent").contains(text));
    }

    private List<String> names() {
        return browser.driver.findElements(By.cssSelector("#attachment-list li input[data-part=name]")).stream()
                .map(input -> input.getAttribute("name") + "=" + input.getAttribute("value"))
                .map(pair -> pair.substring(pair.indexOf('=') + 1))
                .toList();
    }

    private static void writePng(Path target) throws Exception {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(940, 400,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = picture.createGraphics();
        g.setColor(new java.awt.Color(0xb3261e));
        g.fillRect(0, 0, 940, 400);
        g.setColor(java.awt.Color.WHITE);
        g.fillOval(370, 100, 200, 200);
        g.dispose();
        javax.imageio.ImageIO.write(picture, "png", target.toFile());
    }

    /** A small, well-formed PDF whose text differs by {@code word}, so that two of them are two media. */
    private static byte[] pdf(String word) {
        String stream = "BT /F1 24 Tf 72 720 Td (" + word + ") Tj ET";
        String[] objects = {
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        StringBuilder out = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            offsets.add(out.length());
            out.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = out.length();
        out.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(offset -> out.append(String.format("%010d 00000 n \n", offset)));
        out.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** What Word puts on the clipboard, shortened: namespaces, classes, mso styles, list markers, Office XML. */
    private static final String WORD_FRAGMENT = """
            <html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
            <head><meta name=ProgId content=Word.Document><style>p.MsoNormal {mso-style-parent:"";}</style></head>
            <body lang=ZH-CN><!--StartFragment-->
            <h1 align=center style='text-align:center;mso-outline-level:1'><a name="_Toc1"></a><span
            style='font-family:黑体;mso-ascii-font-family:"Times New Roman"'>关于做好信访评议的通知</span></h1>
            <h2><span lang=EN-US>一、工作安排</span></h2>
            <p class=MsoNormal style='text-indent:2em'><b><span style='font-family:仿宋_GB2312'>各单位</span></b><span
            lang=EN-US>要认真落实。<o:p></o:p></span></p>
            <p class=MsoListParagraphCxSpFirst style='margin-left:21pt;text-indent:-21pt;mso-list:l0 level1 lfo1'><![if
            !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
            </span></span><![endif]><span>报送材料<o:p></o:p></span></p>
            <p class=MsoListParagraphCxSpLast style='margin-left:21pt;text-indent:-21pt;mso-list:l0 level1 lfo1'><![if
            !supportLists]><span style='mso-list:Ignore'>2.<span>&nbsp;</span></span><![endif]><span>组织评议<o:p></o:p></span></p>
            <!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
            <table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
            <tr><td width=200 valign=top style='width:150pt;border:solid windowtext 1.0pt'><p class=MsoNormal align=center
            style='text-align:center'><b>单位</b></p></td><td><p class=MsoNormal>截止日期</p></td></tr>
            <tr><td><p class=MsoNormal>市信访局</p></td><td><p class=MsoNormal>3月31日<o:p></o:p></p></td></tr></table>
            <p class=MsoNormal align=right style='text-align:right'><span lang=EN-US>示范市信访局<o:p></o:p></span></p>
            <!--EndFragment--></body></html>
            """;

    @Test
    void authorWhoAlsoReviewsCannotApproveTheirOwnItem() {
        browser.login("zhao", PASSWORD);
        browser.find("#nav-new").click();
        browser.await("#item-form");
        browser.type("#title", "赵某撰写并试图自审的信息");
        browser.setBody("<p>正文</p>");
        browser.find("#save").click();
        browser.await("#do-submit").click();
        browser.await("#do-approve").click();
        assertThat(browser.awaitText("#error")).contains("不能审核自己撰写的信息，请由其他审核人员办理");
        assertThat(browser.find(".page-head .status").getText()).isEqualTo("审核中");
        browser.screenshot("20-own-item-refused");
    }

    @Test
    void personalDataStopsSubmissionUntilTheEditorConfirmsIt() {
        browser.login("editor", PASSWORD);
        browser.find("#nav-new").click();
        browser.await("#item-form");
        browser.type("#title", "关于表彰优秀信访干部的通报");
        browser.setBody("<p>联系人：王老师，电话 13912345678。</p>");
        browser.find("#save").click();
        browser.await("#do-submit").click();

        assertThat(browser.awaitText("#error")).contains("正文");
        assertThat(browser.find(".page-head .status").getText()).isEqualTo("草稿");
        browser.screenshot("21-personal-data-refused");

        browser.find(".fix-link a").click();
        browser.await("#personalDataReviewed").click();
        browser.find("#save").click();
        browser.await("#do-submit").click();
        assertThat(browser.awaitText("#notice")).contains("已提交审核");
    }

    @Test
    void languageSwitchesToEnglishAndIsRemembered() {
        browser.login("editor", PASSWORD);
        browser.find("#lang-en").click();
        assertThat(browser.awaitText("h1")).isEqualTo("Status board");
        browser.open("/items/new");
        assertThat(browser.awaitText("h1")).isEqualTo("New item");
        browser.screenshot("30-compose-english");
        browser.find("#lang-zh").click();
        assertThat(browser.awaitText("h1")).isEqualTo("新建信息");
    }

    @Test
    void unknownItemShowsAReadablePage() {
        browser.login("editor", PASSWORD);
        browser.open("/items/no-such-item");
        assertThat(browser.awaitText("#error-message")).contains("没有编号为“no-such-item”的信息");
        assertThat(browser.driver.getPageSource()).doesNotContain("Exception");
    }

    @Test
    void postWithoutCsrfTokenIsRefusedAndAnonymousIsSentToLogin() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://localhost:" + port;

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        String loginPage = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> loggedIn = http.send(form(base + "/login",
                Map.of("username", "editor", "password", PASSWORD, "_csrf", csrf(loginPage))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

        Map<String, String> item = Map.of("agency", "demo", "title", "无令牌提交", "bodyHtml", "<p>正文</p>",
                "channels", "portal");
        HttpResponse<String> withoutToken = http.send(form(base + "/items/new", item),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(403);

        String composePage = http.send(HttpRequest.newBuilder(URI.create(base + "/items/new")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> withCsrf = new java.util.HashMap<>(item);
        withCsrf.put("_csrf", csrf(composePage));
        HttpResponse<String> withToken = http.send(form(base + "/items/new", withCsrf),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as("the same post with its token is accepted").isEqualTo(302);
        assertThat(withToken.headers().firstValue("Location").orElseThrow()).contains("/items/");

        // The page's uploads: its session with its CSRF header; a forged header is refused, and no header at all
        // means the stateless API, which does not know the session.
        HttpResponse<String> forged = http.send(upload(base, "forged-token"), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> sessionOnly = http.send(upload(base, null), HttpResponse.BodyHandlers.ofString());
        assertThat(sessionOnly.statusCode()).isEqualTo(401);
        HttpResponse<String> uploaded = http.send(upload(base, csrf(composePage)), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).isEqualTo(201);
        assertThat(uploaded.body()).contains("\"contentType\":\"image/png\"");
    }

    private static HttpRequest upload(String base, String csrfToken) throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png);
        String boundary = "tongfa-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dot.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(png.toByteArray());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/media"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (csrfToken != null) {
            request.header("X-CSRF-TOKEN", csrfToken);
        }
        return request.build();
    }

    @Test
    void languageFollowsAcceptLanguageUntilOneIsChosen() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String login = "http://localhost:" + port + "/login";
        assertThat(page(http, login, "en-GB,en;q=0.8")).contains("Sign in to Tongfa");
        assertThat(page(http, login, "zh-TW,zh;q=0.9")).contains("登录通发");
        assertThat(page(http, login, "fr-FR,fr;q=0.9")).as("neither English nor Chinese").contains("登录通发");
        assertThat(page(http, login + "?lang=en", "fr-FR")).contains("Sign in to Tongfa");
        assertThat(page(http, login, "zh-CN")).as("the chosen language is remembered").contains("Sign in to Tongfa");
    }

    private static String page(HttpClient http, String url, String acceptLanguage) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", acceptLanguage).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean delivered(List<WebElement> badges) {
        return badges.size() == 4 && badges.stream().allMatch(b -> "DELIVERED".equals(b.getAttribute("data-status")));
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static HttpRequest form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
