package cn.tongfa.connector.weibo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.testing.HubMedia;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * The status's picture (statuses/share.json, multipart {@code pic}): the cover, else the first body image, read
 * from the hub's media library (a loopback server standing in for {@code /media/{id}}), fitted under 5 MB, sent by
 * the real OkHttp client and checked by the simulator as Weibo checks it.
 */
@SpringBootTest(classes = WeiboSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tongfa.sandbox.enabled=true", "spring.servlet.multipart.max-file-size=20MB",
                "spring.servlet.multipart.max-request-size=20MB"})
class WeiboPictureTest {

    private static final byte[] PNG = HubMedia.picture("png", 64, 48, 0);
    private static final byte[] JPG = HubMedia.picture("jpg", 64, 48, 0);

    private static HubMedia hub;

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxRecorder recorder;

    private String token;
    private WeiboConnector connector;
    private WeiboClient client;

    @BeforeAll
    static void startHub() {
        hub = new HubMedia();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void setUp() {
        recorder.clear("weibo");
        hub.clearRequests();
        token = "token-" + UUID.randomUUID();
        connector = new WeiboConnector(new WeiboSettings(base() + "/sandbox/weibo",
                Map.of("demo", new WeiboAccount(token, null)), Duration.ofSeconds(2), Duration.ofSeconds(10), 2));
        connector.start();
        client = new WeiboClient(base() + "/sandbox/weibo", Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        connector.close();
        client.close();
    }

    @Test
    void theCoverIsAttachedAndPreferredOverTheBodyImage() throws Exception {
        ItemSnapshot.Media cover = hub.add("封面.png", PNG, "image/png");
        ItemSnapshot.Media photo = hub.add("现场.jpg", JPG, "image/jpeg");

        connector.deliver(event(cover, "<p>正文<img src=\"" + photo.url() + "\"></p>", List.of(photo)));

        SandboxPost post = recorder.posts("weibo").get(0);
        assertThat(post.detail()).containsEntry("picType", "png").containsEntry("picSha256", HubMedia.sha256(PNG))
                .containsEntry("picBytes", (long) PNG.length);
        assertThat(client.userTimeline(token, 1).body().path("statuses").get(0).path("original_pic").asString())
                .isNotBlank();
        assertThat(hub.requests()).containsExactly("/media/" + cover.id());
    }

    @Test
    void withoutACoverTheFirstBodyImageIsAttached() throws Exception {
        ItemSnapshot.Media first = hub.add("一.jpg", JPG, "image/jpeg");
        ItemSnapshot.Media second = hub.add("二.png", PNG, "image/png");

        connector.deliver(event(null, "<p>现场<img alt=\"一\" src=\"" + first.url() + "\"><img src=\"" + second.url()
                + "\"></p>", List.of(first, second)));

        assertThat(recorder.posts("weibo").get(0).detail()).containsEntry("picType", "jpg")
                .containsEntry("picSha256", HubMedia.sha256(JPG));
    }

    @Test
    void aPictureOverFiveMegabytesIsMadeAJpegUnderTheLimitNotDropped() throws Exception {
        byte[] large = HubMedia.picture("png", 3000, 2000, 0.5);
        assertThat(large.length).as("a PNG over Weibo's 5 MB").isGreaterThan(5 * 1024 * 1024);

        connector.deliver(event(hub.add("大图.png", large, "image/png"), "<p>正文</p>", List.of()));

        SandboxPost post = recorder.posts("weibo").get(0);
        assertThat(post.detail()).containsEntry("picType", "jpg");
        assertThat((Long) post.detail().get("picBytes")).isLessThan(5L * 1024 * 1024);
    }

    @Test
    void anAnimatedGifOverFiveMegabytesBecomesAStillJpeg() throws Exception {
        byte[] gif = HubMedia.animatedGif(2000, 1500, 2);
        assertThat(gif.length).as("a GIF over Weibo's 5 MB").isGreaterThan(5 * 1024 * 1024);
        byte[] small = HubMedia.animatedGif(40, 30, 2);

        connector.deliver(event(null, "<p>动图</p>", List.of(hub.add("动图.gif", gif, "image/gif"))));
        connector.deliver(event(null, "<p>小动图</p>", List.of(hub.add("小动图.gif", small, "image/gif"))));

        List<SandboxPost> posts = recorder.posts("weibo");
        assertThat(posts.get(0).detail()).containsEntry("picType", "jpg");
        assertThat((Long) posts.get(0).detail().get("picBytes")).isLessThan(5L * 1024 * 1024);
        // Under the limit an animation goes as it is.
        assertThat(posts.get(1).detail()).containsEntry("picType", "gif")
                .containsEntry("picSha256", HubMedia.sha256(small));
    }

    @Test
    void fittingKeepsTheAspectRatio() throws Exception {
        // Over 5 MB and wider than Weibo shows: made narrower, not cropped.
        WeiboPicture fitted = WeiboPicture.fit(HubMedia.picture("png", 4800, 1200, 0.4));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fitted.bytes()));
        assertThat(fitted.type()).isEqualTo("jpg");
        assertThat(fitted.bytes().length).isLessThanOrEqualTo((int) WeiboPicture.MAX_BYTES);
        assertThat(image.getWidth()).isEqualTo(WeiboPicture.MAX_WIDTH);
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void anItemWithoutLibraryImagesIsPostedWithoutAPictureAndNothingElseIsFetched() throws Exception {
        connector.deliver(event(null, "<p>只有文字<img src=\"" + hub.base() + "/elsewhere.png\"></p>", List.of()));

        assertThat(recorder.posts("weibo").get(0).detail()).doesNotContainKey("picType");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aCoverWeiboCannotTakeFailsTheDeliveryBeforeAnythingIsPosted() {
        ItemSnapshot.Media notAnImage = hub.add("notes.png", "这不是图片".getBytes(), "image/png");
        ItemSnapshot.Media gone = new ItemSnapshot.Media("gone", "missing.png", hub.base() + "/media/gone",
                hub.base() + "/media/gone?sig=x", "image/png", 10, null, null, null);
        for (ItemSnapshot.Media cover : List.of(notAnImage, gone)) {
            assertThatThrownBy(() -> connector.deliver(event(cover, "<p>正文</p>", List.of())))
                    .as(cover.name())
                    .isInstanceOfSatisfying(PermanentDeliveryException.class,
                            e -> assertThat(e.code()).isEqualTo("picture"))
                    .hasMessageContaining("封面图片").hasMessageContaining(cover.name());
        }
        assertThat(recorder.posts("weibo")).isEmpty();
    }

    @Test
    void aBodyImageWeiboCannotTakeIsLeftOutAndTheStatusPosted() throws Exception {
        ItemSnapshot.Media notAnImage = hub.add("notes.png", "这不是图片".getBytes(), "image/png");

        connector.deliver(event(null, "<p>正文<img src=\"" + notAnImage.url() + "\"></p>", List.of(notAnImage)));

        assertThat(recorder.posts("weibo")).singleElement()
                .satisfies(post -> assertThat(post.detail()).doesNotContainKey("picType"));
    }

    @Test
    void theSimulatorRefusesPicturesAsWeiboDoes() throws Exception {
        String text = "图片检查 " + base() + "/demo/202611/t20261121_pic1.html";
        byte[] big = Arrays.copyOf(JPG, 5 * 1024 * 1024);

        WeiboClient.Answer notAnImage = client.share(token, text, new WeiboPicture("文字".getBytes(), "png"));
        WeiboClient.Answer bmp = client.share(token, text, new WeiboPicture(HubMedia.picture("bmp", 8, 8, 0), "png"));
        WeiboClient.Answer tooBig = client.share(token, text, new WeiboPicture(big, "jpg"));

        assertThat(notAnImage.errorCode()).isEqualTo(20005);
        assertThat(bmp.errorCode()).isEqualTo(20005);
        assertThat(tooBig.errorCode()).isEqualTo(20006);
        assertThat(recorder.posts("weibo")).isEmpty();
        WeiboClient.Answer justUnder = client.share(token, text, new WeiboPicture(Arrays.copyOf(JPG,
                5 * 1024 * 1024 - 1), "jpg"));
        assertThat(justUnder.ok()).isTrue();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private ItemEvent event(ItemSnapshot.Media cover, String body, List<ItemSnapshot.Media> images) {
        String itemId = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String link = base() + "/demo/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot("配图测试", "摘要", body, null, null, null, null, "idx-" + itemId, "某市司法局",
                link, "demo/202611/t20261121_" + itemId + ".html", null, null, List.of(), Map.of(), cover, images);
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, itemId, 1, "demo", List.of("weibo"),
                item, OffsetDateTime.now().toInstant());
    }
}
