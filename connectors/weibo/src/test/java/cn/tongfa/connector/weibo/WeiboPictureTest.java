package cn.tongfa.connector.weibo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * The status's picture (statuses/share.json, multipart {@code pic}): the cover, else the first body image, sent
 * by the real OkHttp client and checked by the simulator as Weibo checks it.
 */
@SpringBootTest(classes = WeiboSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tongfa.sandbox.enabled=true", "spring.servlet.multipart.max-file-size=20MB",
                "spring.servlet.multipart.max-request-size=20MB"})
class WeiboPictureTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxRecorder recorder;

    private String token;
    private WeiboConnector connector;
    private WeiboClient client;

    @BeforeEach
    void setUp() {
        recorder.clear("weibo");
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
    void theCoverIsAttached() throws Exception {
        connector.deliver(event(base() + "/pictures/cover.png", "<p>正文<img src=\"/pictures/photo.jpg\"></p>"));

        SandboxPost post = recorder.posts("weibo").get(0);
        assertThat(post.detail()).containsEntry("picType", "png").containsEntry("picSha256", sha256(PictureStub.PNG))
                .containsEntry("picBytes", (long) PictureStub.PNG.length);
        assertThat(client.userTimeline(token, 1).body().path("statuses").get(0).path("original_pic").asString())
                .isNotBlank();
    }

    @Test
    void withoutACoverTheFirstBodyImageIsAttachedResolvedAgainstThePortalPage() throws Exception {
        connector.deliver(event(null, "<p>现场<img alt=\"一\" src=\"/pictures/photo.jpg\"><img src=\"/pictures/cover.png\"></p>"));

        assertThat(recorder.posts("weibo").get(0).detail()).containsEntry("picType", "jpg")
                .containsEntry("picSha256", sha256(PictureStub.JPG));
    }

    @Test
    void anItemWithoutImagesIsPostedWithoutAPicture() throws Exception {
        connector.deliver(event(null, "<p>只有文字</p>"));

        assertThat(recorder.posts("weibo").get(0).detail()).doesNotContainKey("picType");
    }

    @Test
    void aCoverWeiboCannotTakeFailsTheDeliveryBeforeAnythingIsPosted() {
        for (String cover : List.of("notes.png", "huge.jpg", "missing.png")) {
            assertThatThrownBy(() -> connector.deliver(event(base() + "/pictures/" + cover, "<p>正文</p>")))
                    .as(cover)
                    .isInstanceOfSatisfying(PermanentDeliveryException.class,
                            e -> assertThat(e.code()).isEqualTo("picture"))
                    .hasMessageContaining("封面图片").hasMessageContaining(cover);
        }
        assertThat(recorder.posts("weibo")).isEmpty();
    }

    @Test
    void aBodyImageWeiboCannotTakeIsLeftOutAndTheStatusPosted() throws Exception {
        connector.deliver(event(null, "<p>正文<img src=\"/pictures/notes.png\"></p>"));

        assertThat(recorder.posts("weibo")).singleElement()
                .satisfies(post -> assertThat(post.detail()).doesNotContainKey("picType"));
    }

    @Test
    void theSimulatorRefusesPicturesAsWeiboDoes() throws Exception {
        String text = "图片检查 " + base() + "/demo/202611/t20261121_pic1.html";

        WeiboClient.Answer notAnImage = client.share(token, text, new WeiboPicture("文字".getBytes(), "png"));
        WeiboClient.Answer tooBig = client.share(token, text, new WeiboPicture(PictureStub.BIG, "jpg"));

        assertThat(notAnImage.errorCode()).isEqualTo(20005);
        assertThat(tooBig.errorCode()).isEqualTo(20006);
        assertThat(recorder.posts("weibo")).isEmpty();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private ItemEvent event(String coverUrl, String body) {
        String itemId = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String link = base() + "/demo/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot("配图测试", "摘要", body, null, null, null, null, "idx-" + itemId, "某市司法局",
                link, "demo/202611/t20261121_" + itemId + ".html", null, coverUrl, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, itemId, 1, "demo", List.of("weibo"),
                item, OffsetDateTime.now().toInstant());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
