package cn.tongfa.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.testing.HubMedia;

/**
 * The portal's copies of an item's files: cover, body images and attachments downloaded from the hub (a loopback
 * server here, answering as {@code GET /media/{id}} does) into {@code {agency}/files/}, linked from the page, kept
 * while a page references them and removed when none does.
 */
class PortalFilesTest {

    private static final Pattern IMG_SRC = Pattern.compile("<img src=\"([^\"]+)\"");
    private static final Pattern ATTACHMENT = Pattern.compile(
            "<li><a href=\"([^\"]+)\" download=\"([^\"]+)\">([^<]+)</a> <span class=\"tongfa-type\">([^<]+)</span>"
                    + " <span class=\"tongfa-size\">([^<]+)</span></li>");

    @TempDir
    Path root;

    private HubMedia hub;
    private PortalConnector connector;

    @BeforeEach
    void setUp() {
        hub = new HubMedia();
        connector = new PortalConnector(PortalSettings.of(root));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void thePageShowsTheCoverTheBodyImagesAndAnAttachmentsBlockLinkingCopiesInTheAgencysTree() throws Exception {
        ItemSnapshot.Media cover = hub.media("c1", "封面.png", "image/png", bytes("cover", 2_000));
        ItemSnapshot.Media first = hub.media("i1", "图一.jpg", "image/jpeg", bytes("image-one", 5_000));
        ItemSnapshot.Media second = hub.media("i2", "图二.png", "image/png", bytes("image-two", 7_000));
        ItemSnapshot.Media unused = hub.media("i3", "没用上.png", "image/png", bytes("unused", 100));
        ItemSnapshot.Media pdf = hub.media("a1", "附件一：实施细则.pdf", "application/pdf", bytes("pdf", 1_258_291));
        ItemSnapshot.Media form = hub.media("a2", "申请表", "application/vnd.openxmlformats-officedocument"
                + ".wordprocessingml.document", bytes("docx", 35_000));
        ItemSnapshot.Media ofd = hub.media("a3", "正式文件.ofd", "application/zip", bytes("ofd", 512));
        ItemSnapshot.Media zip = hub.media("a4", "材料汇编.zip", "application/zip", bytes("zip", 3_500_000));
        String body = "<p>正文</p><p><img src=\"" + first.url() + "\" alt=\"图一\" /></p>"
                + "<p><img alt=\"外站\" src=\"" + hub.url("stranger") + "\" /></p>"
                + "<p><img src=\"/media/i2\" alt=\"图二\" srcset=\"" + hub.url("other") + " 2x\" /></p>"
                + "<p>详见<a href=\"" + pdf.url() + "\">附件一</a>。</p>";
        ItemEvent event = event("f1", 1, body, cover, List.of(first, second, unused), List.of(pdf, form, ofd, zip));

        connector.deliver(event);

        Path page = root.resolve("demo/202611/t20261121_f1.html");
        String html = Files.readString(page);
        List<String> images = all(IMG_SRC, html, 1);
        assertThat(images).as("cover, then the two body images; the unknown one dropped").containsExactly(
                "../files/" + name(cover, "png"), "../files/" + name(first, "jpg"), "../files/" + name(second, "png"));
        assertThat(html).contains("<figure class=\"tongfa-cover\"><img src=\"../files/" + name(cover, "png")
                        + "\" alt=\"关于印发某某办法的通知\" width=\"640\" height=\"272\"></figure>")
                .contains("alt=\"图一\"").doesNotContain("外站").doesNotContain("srcset").doesNotContain("127.0.0.1")
                .contains("详见<a href=\"../files/" + name(pdf, "pdf") + "\">附件一</a>")
                .contains("<h2>附件</h2>");
        Matcher attachments = ATTACHMENT.matcher(html);
        List<List<String>> rows = new ArrayList<>();
        while (attachments.find()) {
            rows.add(List.of(attachments.group(1), attachments.group(2), attachments.group(3), attachments.group(4),
                    attachments.group(5)));
        }
        assertThat(rows).containsExactly(
                List.of("../files/" + name(pdf, "pdf"), "附件一：实施细则.pdf", "附件一：实施细则.pdf", "PDF", "1.2 MB"),
                List.of("../files/" + name(form, "docx"), "申请表.docx", "申请表", "Word", "34 KB"),
                List.of("../files/" + name(ofd, "ofd"), "正式文件.ofd", "正式文件.ofd", "OFD", "512 B"),
                List.of("../files/" + name(zip, "zip"), "材料汇编.zip", "材料汇编.zip", "压缩包", "3.3 MB"));

        for (ItemSnapshot.Media media : List.of(cover, first, second, pdf, form, ofd, zip)) {
            String href = "../files/" + name(media, PortalFiles.extension(media));
            Path copy = page.getParent().resolve(href).normalize();
            assertThat(copy).as("the page's link resolves to the copy of " + media.name())
                    .isEqualTo(root.resolve("demo/files/" + name(media, PortalFiles.extension(media))));
            assertThat(Files.readAllBytes(copy)).isEqualTo(hub.content(media.id()));
            assertThat(Files.getPosixFilePermissions(copy).toString()).contains("OTHERS_READ");
            assertThat(hub.requests("/media/" + media.id())).as(media.id() + " fetched once").isEqualTo(1);
        }
        assertThat(hub.requests("/media/stranger")).as("an image not in the event is never fetched").isZero();
        assertThat(hub.requests("/media/other")).isZero();
        assertThat(hub.requests("/media/i3")).as("an image the body does not show is not copied").isZero();
        assertNoTemporaryFiles();
        assertThat(connector.lookup(event)).isInstanceOf(Lookup.Found.class);
    }

    @Test
    void aRedeliveryOrANewVersionWithTheSameFilesDownloadsNothingAgain() throws Exception {
        ItemSnapshot.Media image = hub.media("i1", "图.png", "image/png", bytes("image", 4_000));
        ItemSnapshot.Media pdf = hub.media("a1", "附件.pdf", "application/pdf", bytes("pdf", 60_000));
        String body = "<p><img src=\"" + image.url() + "\"></p>";
        connector.deliver(event("r1", 1, body, image, List.of(image), List.of(pdf)));
        int fetched = hub.requests().size();
        assertThat(fetched).isEqualTo(2);

        connector.deliver(event("r1", 1, body, image, List.of(image), List.of(pdf)));
        new PortalConnector(PortalSettings.of(root)).deliver(event("r1", 2, body + "<p>改</p>", image,
                List.of(image), List.of(pdf)));
        connector.deliver(event("r2", 1, "<p>另一条</p>", null, List.of(), List.of(pdf)));

        assertThat(hub.requests()).as("files already in the tree are not downloaded again").hasSize(fetched);
        assertThat(Files.readString(root.resolve("demo/202611/t20261121_r1.html"))).contains("<p>改</p>")
                .contains("../files/" + name(pdf, "pdf"));
    }

    @Test
    void anUpdateThatReplacesAnImageKeepsThePageValidAndFilesGoWhenNoPageReferencesThem() throws Exception {
        ItemSnapshot.Media oldImage = hub.media("i1", "旧图.png", "image/png", bytes("old", 3_000));
        ItemSnapshot.Media newImage = hub.media("i2", "新图.png", "image/png", bytes("new", 3_500));
        ItemSnapshot.Media shared = hub.media("a1", "共用附件.pdf", "application/pdf", bytes("shared", 9_000));
        connector.deliver(event("u1", 1, "<img src=\"" + oldImage.url() + "\">", null, List.of(oldImage),
                List.of(shared)));
        connector.deliver(event("u2", 1, "<p>同一附件</p>", null, List.of(), List.of(shared)));
        Path oldCopy = root.resolve("demo/files/" + name(oldImage, "png"));
        Path newCopy = root.resolve("demo/files/" + name(newImage, "png"));
        Path sharedCopy = root.resolve("demo/files/" + name(shared, "pdf"));
        assertThat(oldCopy).exists();

        connector.deliver(event("u1", 2, "<img src=\"" + newImage.url() + "\">", null, List.of(newImage),
                List.of(shared)));

        Path page = root.resolve("demo/202611/t20261121_u1.html");
        String html = Files.readString(page);
        assertThat(all(IMG_SRC, html, 1)).containsExactly("../files/" + name(newImage, "png"));
        for (String href : all(IMG_SRC, html, 1)) {
            assertThat(page.getParent().resolve(href).normalize()).exists();
        }
        assertThat(Files.readAllBytes(newCopy)).isEqualTo(hub.content("i2"));
        assertThat(oldCopy).as("no page references the replaced image").doesNotExist();
        assertThat(sharedCopy).exists();

        connector.deliver(event(ItemAction.WITHDRAW, "u1", 2, "", null, List.of(), List.of()));
        assertThat(page).doesNotExist();
        assertThat(newCopy).as("only the withdrawn page referenced it").doesNotExist();
        assertThat(sharedCopy).as("the other page still links it").exists();
        assertThat(Files.readString(root.resolve("demo/202611/t20261121_u2.html")))
                .contains("../files/" + name(shared, "pdf"));

        connector.deliver(event(ItemAction.WITHDRAW, "u2", 1, "", null, List.of(), List.of()));
        assertThat(sharedCopy).doesNotExist();
    }

    @Test
    void aRebuiltIndexStillKnowsWhichFilesThePagesReference() throws Exception {
        ItemSnapshot.Media shared = hub.media("a1", "共用.pdf", "application/pdf", bytes("shared", 2_000));
        connector.deliver(event("b1", 1, "<p>一</p>", null, List.of(), List.of(shared)));
        connector.deliver(event("b2", 1, "<p>二</p>", null, List.of(), List.of(shared)));
        Files.delete(root.resolve("demo/" + PortalLayout.INDEX_FILE));

        PortalConnector restarted = new PortalConnector(PortalSettings.of(root));
        restarted.deliver(event(ItemAction.WITHDRAW, "b1", 1, "", null, List.of(), List.of()));

        assertThat(root.resolve("demo/files/" + name(shared, "pdf"))).as("page b2 still links it").exists();
        restarted.deliver(event(ItemAction.WITHDRAW, "b2", 1, "", null, List.of(), List.of()));
        assertThat(root.resolve("demo/files/" + name(shared, "pdf"))).doesNotExist();
    }

    @Test
    void theHubRefusingAFileIsPermanentItsFailingOrBeingDownIsRetriableAndNoPageIsWritten() throws Exception {
        ItemSnapshot.Media gone = hub.media("a1", "已删除.pdf", "application/pdf", bytes("gone", 100));
        hub.answer("a1", 404);
        assertThatThrownBy(() -> connector.deliver(event("h1", 1, "<p>x</p>", null, List.of(), List.of(gone))))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("枢纽拒绝提供媒体文件 a1")
                .hasMessageContaining("HTTP 404");
        hub.answer("a1", 403);
        assertThatThrownBy(() -> connector.deliver(event("h1", 1, "<p>x</p>", null, List.of(), List.of(gone))))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("签名地址已过期");
        hub.answer("a1", 503);
        assertThatThrownBy(() -> connector.deliver(event("h1", 1, "<p>x</p>", null, List.of(), List.of(gone))))
                .isInstanceOf(RetriableDeliveryException.class);
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String unreachable = "http://127.0.0.1:" + closed + "/media/a9";
        ItemSnapshot.Media down = new ItemSnapshot.Media("a9", "附件.pdf", unreachable, unreachable + "?sig=x",
                "application/pdf", 100, null, null, null);
        assertThatThrownBy(() -> connector.deliver(event("h1", 1, "<p>x</p>", null, List.of(), List.of(down))))
                .isInstanceOf(RetriableDeliveryException.class).hasMessageContaining("读取媒体文件 a9 失败");

        assertThat(root.resolve("demo/202611/t20261121_h1.html")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void aTemplateWithoutACoverDoesNotCopyIt() throws Exception {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Files.writeString(templates.resolve("page.html"), "<!DOCTYPE html><html><head>{{{tongfaMeta}}}</head><body>"
                + "{{{bodyHtml}}}</body></html>\n");
        PortalConnector plain = new PortalConnector(new PortalSettings(root.resolve("site"), templates, null, null,
                null));
        ItemSnapshot.Media cover = hub.media("c1", "封面.jpg", "image/jpeg", bytes("cover", 1_000));

        plain.deliver(event("t1", 1, "<p>x</p>", cover, List.of(), List.of()));

        assertThat(hub.requests("/media/c1")).isZero();
        assertThat(root.resolve("site/demo/files")).doesNotExist();
    }

    @Test
    void aPreviewLinksTheHubsFilesAndDropsUnknownImages() {
        ItemSnapshot.Media cover = hub.media("c1", "封面.png", "image/png", bytes("cover", 100));
        ItemSnapshot.Media image = hub.media("i1", "图.png", "image/png", bytes("image", 100));
        ItemSnapshot.Media pdf = hub.media("a1", "附件.pdf", "application/pdf", bytes("pdf", 2_048));
        ItemEvent event = event("v1", 1, "<img src=\"" + image.url() + "\"><img src=\"https://elsewhere.example/x.png\">",
                cover, List.of(image), List.of(pdf));

        String html = PortalPage.of(event).html();

        assertThat(all(IMG_SRC, html, 1)).containsExactly(cover.url(), image.url());
        assertThat(html).contains("<a href=\"" + pdf.url() + "\" download=\"附件.pdf\">附件.pdf</a>")
                .contains("2.0 KB").doesNotContain("elsewhere");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void theKindComesFromTheSniffedTypeAndTheNameOnlyWhereTheTypeCannotTell() {
        assertThat(PortalFiles.kind(media("通知.pdf", "application/pdf"))).isEqualTo(new PortalFiles.Kind("PDF", "pdf"));
        assertThat(PortalFiles.kind(media("通知.pdf", "application/msword")))
                .as("the bytes win over the name").isEqualTo(new PortalFiles.Kind("Word", "doc"));
        assertThat(PortalFiles.kind(media("通知.wps", "application/msword"))).isEqualTo(new PortalFiles.Kind("WPS", "wps"));
        assertThat(PortalFiles.kind(media("名单.et", "application/vnd.ms-excel")))
                .isEqualTo(new PortalFiles.Kind("WPS", "et"));
        assertThat(PortalFiles.kind(media("正式文件.ofd", "application/zip"))).isEqualTo(new PortalFiles.Kind("OFD", "ofd"));
        assertThat(PortalFiles.kind(media("正式文件.ofd", "application/ofd"))).isEqualTo(new PortalFiles.Kind("OFD", "ofd"));
        assertThat(PortalFiles.kind(media("材料.zip", "application/zip"))).isEqualTo(new PortalFiles.Kind("压缩包", "zip"));
        assertThat(PortalFiles.kind(media("说明.html", "application/octet-stream")))
                .as("an unknown type never becomes a page").isEqualTo(new PortalFiles.Kind("文件", "bin"));
        assertThat(PortalFiles.downloadName(media("申请表", "application/vnd.ms-excel"))).isEqualTo("申请表.xls");
    }

    private static ItemSnapshot.Media media(String name, String contentType) {
        return new ItemSnapshot.Media("m", name, "https://hub.example.gov.cn/media/m", contentType, 10);
    }

    @Test
    void sizesReadAsReadersReadThem() {
        assertThat(PortalFiles.humanSize(0)).isEqualTo("0 B");
        assertThat(PortalFiles.humanSize(1023)).isEqualTo("1023 B");
        assertThat(PortalFiles.humanSize(1024)).isEqualTo("1.0 KB");
        assertThat(PortalFiles.humanSize(3_482)).isEqualTo("3.4 KB");
        assertThat(PortalFiles.humanSize(364_544)).isEqualTo("356 KB");
        assertThat(PortalFiles.humanSize(1_048_575)).isEqualTo("1.0 MB");
        assertThat(PortalFiles.humanSize(1_258_291)).isEqualTo("1.2 MB");
        assertThat(PortalFiles.humanSize(50L * 1024 * 1024)).isEqualTo("50 MB");
    }

    private static ItemEvent event(String itemId, int version, String body, ItemSnapshot.Media cover,
            List<ItemSnapshot.Media> images, List<ItemSnapshot.Media> attachments) {
        return event(version == 1 ? ItemAction.PUBLISH : ItemAction.UPDATE, itemId, version, body, cover, images,
                attachments);
    }

    private static ItemEvent event(ItemAction action, String itemId, int version, String body,
            ItemSnapshot.Media cover, List<ItemSnapshot.Media> images, List<ItemSnapshot.Media> attachments) {
        String path = "demo/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot("关于印发某某办法的通知", "摘要", body, "政策法规", "规章", "某司发〔2026〕1号",
                LocalDate.of(2026, 11, 20), "11110000-2026-00042", "某市司法局", "https://www.example.gov.cn/" + path,
                path, OffsetDateTime.of(2026, 11, 21, 9, 30, 0, 0, ZoneOffset.ofHours(8)), null, attachments,
                Map.of(), cover, images);
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, "demo", List.of("portal"), item,
                OffsetDateTime.now().toInstant());
    }

    private static String name(ItemSnapshot.Media media, String extension) {
        return media.sha256().substring(0, 2) + "/" + media.sha256() + "." + extension;
    }

    // Distinct content per label, so that each file gets its own digest.
    private static byte[] bytes(String label, int size) {
        byte[] content = new byte[size];
        byte[] seed = label.getBytes();
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (seed[i % seed.length] + i / seed.length);
        }
        return content;
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    private void assertNoTemporaryFiles() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".part") || name.endsWith(".tmp") || name.startsWith(".incoming"));
        }
    }
}
