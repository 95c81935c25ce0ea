package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongfa.connector.api.DeliveryProgress;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.testing.HubMedia;
import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * The article's media, from the hub's library (a loopback server standing in for {@code /media/{id}}) to the
 * sandbox's WeChat simulator: the cover as thumb material, body images through uploadimg, attachments listed, and
 * uploads made once however often a delivery is redone.
 */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tongfa.sandbox.enabled=true",
                "tongfa.sandbox.wechat.apps.wx-demo=demo-secret",
                "tongfa.sandbox.wechat.apps.wx-other=other-secret",
                "spring.servlet.multipart.max-file-size=20MB",
                "spring.servlet.multipart.max-request-size=20MB"
        })
class WechatMediaSandboxTest {

    private static final String AGENCY = "demo";
    private static final Pattern SANDBOX_IMG = Pattern.compile("<img[^>]*\\bsrc=\"(http://localhost:\\d+/sandbox/wechat/media/[^\"]+)\"");

    /** A 4000×1700 PNG of several MB, as a camera export or a designed banner is. */
    private static byte[] largeCover;
    private static HubMedia hub;

    @LocalServerPort
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    @Autowired
    WechatSandboxApplication.ApiCalls calls;

    private WechatConnector connector;

    @BeforeAll
    static void startHub() {
        largeCover = HubMedia.picture("png", 4000, 1700, 0.3);
        hub = new HubMedia();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void setUp() {
        recorder.clear("wechat");
        faults.clear("wechat");
        calls.clear();
        hub.clearRequests();
        connector = connector();
    }

    @AfterEach
    void tearDown() {
        faults.clear("wechat");
        connector.close();
    }

    @Test
    void aLargeCoverIsFittedToWechatUploadedOnceAndUsedAsTheThumb() throws Exception {
        assertThat(largeCover.length).as("the cover is several MB").isGreaterThan(3 * 1024 * 1024);
        ItemSnapshot.Media cover = hub.add("banner.png", largeCover, "image/png");

        connector.deliver(event(newItemId(), "<p>正文</p>", cover, List.of(), List.of()));

        SandboxPost post = recorder.posts("wechat").get(0);
        String thumb = (String) post.detail().get("thumb_media_id");
        assertThat(calls.count("material/add_material")).isEqualTo(1);
        byte[] uploaded = get(base() + "/sandbox/wechat/media/" + thumb);
        assertThat(WechatImages.format(uploaded)).isEqualTo("jpg");
        assertThat(uploaded.length).isLessThanOrEqualTo(2 * 1024 * 1024);
        assertThat(uploaded).isNotEqualTo(WechatImages.defaultCover().bytes());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(uploaded));
        assertThat(image.getWidth()).isEqualTo(WechatImages.MAX_COVER_WIDTH);
        // The aspect ratio is kept: WeChat crops the 2.35:1 card itself.
        assertThat(image.getHeight()).isBetween(764, 766);

        // The same bytes under another media id (another item's copy) are the same material: no new upload.
        ItemSnapshot.Media sameBytes = hub.add("banner-copy.png", largeCover, "image/png");
        connector.deliver(event(newItemId(), "<p>正文</p>", sameBytes, List.of(), List.of()));

        assertThat(calls.count("material/add_material")).isEqualTo(1);
        assertThat(recorder.posts("wechat").get(1).detail()).containsEntry("thumb_media_id", thumb);
        assertThat(hub.requests()).containsExactly("/media/" + cover.id());
    }

    @Test
    void bodyImagesAreUploadedAndRewrittenAnyOtherImageIsDroppedUnfetchedAndAttachmentsAreListed()
            throws Exception {
        ItemSnapshot.Media small = hub.add("现场.png", HubMedia.picture("png", 320, 200, 0), "image/png");
        byte[] photo = HubMedia.picture("jpg", 1800, 1200, 1.0);
        assertThat(photo.length).as("a photo over uploadimg's 1 MB").isGreaterThan(1024 * 1024);
        ItemSnapshot.Media large = hub.add("合影.jpg", photo, "image/jpeg");
        String body = "<p>会议现场</p><p><img src=\"" + small.url() + "\" alt=\"现场\"></p>"
                + "<p><img alt=\"合影\" src=\"" + large.url() + "\"></p>"
                + "<p><img src=\"/media/" + small.id() + "\"></p>"
                + "<p><img src=\"" + hub.base() + "/evil.png\"></p>"
                + "<p><img src=\"" + hub.base() + "/media/not-in-the-item\"></p>";
        List<ItemSnapshot.Media> attachments = List.of(
                new ItemSnapshot.Media("a1", "2026年拟录用人员公示名单.pdf", hub.base() + "/media/a1", "application/pdf",
                        52_431),
                new ItemSnapshot.Media("a2", "报名表.xlsx", hub.base() + "/media/a2",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 9_120));

        connector.deliver(event(newItemId(), body, null, List.of(small, large), attachments));

        SandboxPost post = recorder.posts("wechat").get(0);
        String content = (String) post.detail().get("content");
        assertThat(post.detail()).containsEntry("strippedImages", 0);
        assertThat(calls.count("media/uploadimg")).isEqualTo(2);
        List<String> images = SANDBOX_IMG.matcher(content).results().map(match -> match.group(1)).toList();
        assertThat(images).hasSize(3);
        assertThat(images.get(2)).isEqualTo(images.get(0));
        assertThat(content).contains("alt=\"现场\"", "alt=\"合影\"").doesNotContain("evil", "not-in-the-item",
                hub.base());
        byte[] fitted = get(images.get(1));
        assertThat(WechatImages.format(fitted)).isEqualTo("jpg");
        assertThat(fitted.length).isLessThan(1024 * 1024);
        assertThat(ImageIO.read(new ByteArrayInputStream(fitted)).getWidth()).isLessThanOrEqualTo(1080);
        // Only the library's own files were read, each once, through their signed address.
        assertThat(hub.requests()).containsExactlyInAnyOrder("/media/" + small.id(), "/media/" + large.id());
        assertThat(content).contains("附件：", "1. 《2026年拟录用人员公示名单》（PDF）", "2. 《报名表》（XLSX）",
                "请点击文末“阅读原文”查看和下载附件");
    }

    @Test
    void aRedoneDeliveryReusesTheUploadsItRecordedAlsoInAnotherProcess() throws Exception {
        ItemSnapshot.Media cover = hub.add("封面.png", HubMedia.picture("png", 1200, 600, 0.1), "image/png");
        ItemSnapshot.Media image = hub.add("图一.png", HubMedia.picture("png", 300, 200, 0), "image/png");
        ItemEvent event = event(newItemId(), "<p><img src=\"" + image.url() + "\"></p>", cover, List.of(image),
                List.of());
        Notes progress = new Notes();
        // WeChat is busy when the draft is made: the uploads before it went through.
        faults.set("wechat", SandboxFaults.Faults.error(-1, "draft/add").times(1));

        assertThatThrownBy(() -> connector.deliver(event, progress)).isInstanceOf(RetriableDeliveryException.class);
        assertThat(calls.count("material/add_material")).isEqualTo(1);
        assertThat(calls.count("media/uploadimg")).isEqualTo(1);
        assertThat(progress.notes).containsKeys(WechatConnector.COVER + cover.sha256(),
                WechatConnector.BODY_IMAGE + image.sha256());

        // A worker of another process, which never saw these files, redoes the delivery with the recorded progress.
        WechatConnector successor = connector();
        try {
            successor.deliver(event, progress);
        } finally {
            successor.close();
        }

        assertThat(calls.count("material/add_material")).isEqualTo(1);
        assertThat(calls.count("media/uploadimg")).isEqualTo(1);
        assertThat(calls.count("draft/add")).isEqualTo(2);
        SandboxPost post = recorder.posts("wechat").get(0);
        assertThat(post.detail()).containsEntry("thumb_media_id", progress.notes.get(WechatConnector.COVER + cover.sha256()));
        assertThat((String) post.detail().get("content")).contains(progress.notes.get(WechatConnector.BODY_IMAGE + image.sha256()));
        assertThat(hub.requests()).containsExactlyInAnyOrder("/media/" + cover.id(), "/media/" + image.id());
    }

    @Test
    void aCoverThatIsNoImageFailsForGoodBeforeAnythingIsUploaded() {
        ItemSnapshot.Media fake = hub.add("封面.png", "<html><script>alert(1)</script>".getBytes(), "image/png");

        assertThatThrownBy(() -> connector.deliver(event(newItemId(), "<p>正文</p>", fake, List.of(), List.of())))
                .isInstanceOfSatisfying(PermanentDeliveryException.class,
                        e -> assertThat(e.code()).isEqualTo("image-type"))
                .hasMessageContaining("封面图片“封面.png”");
        assertThat(calls.count("material/add_material")).isZero();
        assertThat(recorder.posts("wechat")).isEmpty();
    }

    @Test
    void anItemWithoutACoverGetsTheDrawnDefaultCover() throws Exception {
        connector.deliver(event(newItemId(), "<p>正文</p>", null, List.of(), List.of()));

        String thumb = (String) recorder.posts("wechat").get(0).detail().get("thumb_media_id");
        assertThat(get(base() + "/sandbox/wechat/media/" + thumb)).isEqualTo(WechatImages.defaultCover().bytes());
        assertThat(hub.requests()).isEmpty();
    }

    /** A delivery's progress as the runtime keeps it, between attempts and processes. */
    private static final class Notes implements DeliveryProgress {
        final Map<String, String> notes = new ConcurrentHashMap<>();

        @Override
        public void record(String name, String value) {
            notes.put(name, value);
        }

        @Override
        public String recalled(String name) {
            return notes.get(name);
        }
    }

    private WechatConnector connector() {
        WechatConnector created = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "demo-secret", "市环境局")),
                Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        created.start();
        return created;
    }

    private static ItemEvent event(String itemId, String body, ItemSnapshot.Media cover,
            List<ItemSnapshot.Media> images, List<ItemSnapshot.Media> attachments) {
        String portalUrl = "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot("市政府召开常务会议", "会议研究了近期重点工作。", body, null, null, null, null,
                "000000-2026-00001", "市政府办公室", portalUrl, "zwgk/202603/t20260301_" + itemId + ".html",
                OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), null, attachments, Map.of(), cover, images);
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, itemId, 1, AGENCY, List.of("wechat"),
                item, Instant.now());
    }

    private static String newItemId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
