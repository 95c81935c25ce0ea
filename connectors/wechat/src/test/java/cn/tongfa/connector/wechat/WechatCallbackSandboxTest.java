package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * The simulator pushes {@code PUBLISHJOBFINISH} to a server URL as WeChat does (signed; in safe mode encrypted
 * for the AppID), the callback checks read it, and the waiting delivery ends without the poll that would have
 * come ten minutes later.
 */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tongfa.sandbox.enabled=true",
                "tongfa.sandbox.wechat.apps.wx-safe=safe-secret",
                "tongfa.sandbox.wechat.apps.wx-plain=plain-secret",
                "tongfa.sandbox.wechat.callbacks.wx-safe.url=/test-callbacks/wechat/safe",
                "tongfa.sandbox.wechat.callbacks.wx-safe.token=" + WechatCallbackSandboxTest.TOKEN,
                "tongfa.sandbox.wechat.callbacks.wx-safe.aes-key=" + WechatCallbackSandboxTest.AES_KEY,
                "tongfa.sandbox.wechat.callbacks.wx-safe.delay=300ms",
                "tongfa.sandbox.wechat.callbacks.wx-plain.url=/test-callbacks/wechat/plain",
                "tongfa.sandbox.wechat.callbacks.wx-plain.token=" + WechatCallbackSandboxTest.TOKEN,
                "tongfa.sandbox.wechat.callbacks.wx-plain.delay=300ms"
        })
class WechatCallbackSandboxTest {

    static final String TOKEN = "sandboxPushToken01";
    static final String AES_KEY = "Tf0ngfaSandb0xEncodingAESKey0123456789abcde";
    /** Long enough that only the callback can end a delivery within the test's patience. */
    private static final Duration POLL_INTERVAL = Duration.ofMinutes(10);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    SandboxRecorder recorder;

    private WechatConnector connector;
    /** Deliveries wait on their own threads: the common pool may have a single one on a small machine. */
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        recorder.clear("wechat");
        executor = Executors.newCachedThreadPool();
        WechatSettings settings = new WechatSettings("http://localhost:" + port + "/sandbox/wechat", Map.of(
                "safe", new WechatAccount("wx-safe", "safe-secret", null, TOKEN, AES_KEY, null),
                "plain", new WechatAccount("wx-plain", "plain-secret", null, TOKEN, null, null)),
                POLL_INTERVAL, POLL_INTERVAL.multipliedBy(2), Duration.ofSeconds(10));
        connector = new WechatConnector(settings);
        connector.start();
        WechatCallbacks callbacks = new WechatCallbacks(settings);
        WechatSandboxApplication.TestCallbacks.RECEIVERS.put("safe", Map.entry(callbacks, connector));
        WechatSandboxApplication.TestCallbacks.RECEIVERS.put("plain", Map.entry(callbacks, connector));
    }

    @AfterEach
    void tearDown() {
        WechatSandboxApplication.TestCallbacks.RECEIVERS.clear();
        // Interrupts a delivery still waiting (it ends as unconfirmed).
        executor.shutdownNow();
        connector.close();
    }

    @Test
    void safeModeCallbackCompletesTheDeliveryWithoutASecondPoll() throws Exception {
        ItemEvent event = publish("safe", "市政府召开第十次常务会议");

        DeliveryReceipt receipt = deliverWithinPatience(event);

        SandboxPost post = single(recorder.posts("wechat"));
        assertThat(receipt).isEqualTo(new DeliveryReceipt(post.postId(), post.url()));
        String publishId = post.detail().get("publishId").toString();
        // One poll right after submission (still publishing); the pushed event, authenticated, was the outcome.
        assertThat(job(publishId)).contains("\"polls\":1");
        assertThat(pushes()).contains("\"publishId\":\"" + publishId + "\"", "\"encrypted\":true",
                "\"httpStatus\":200", "\"answer\":\"success\"");
    }

    @Test
    void plainModeCallbackMakesTheConnectorLookNowAndOnlyThen() throws Exception {
        ItemEvent event = publish("plain", "市政府召开第十一次常务会议");

        DeliveryReceipt receipt = deliverWithinPatience(event);

        SandboxPost post = single(recorder.posts("wechat"));
        assertThat(receipt).isEqualTo(new DeliveryReceipt(post.postId(), post.url()));
        // A plain-mode body is not authenticated: the event only triggered the poll that confirmed it.
        assertThat(job(post.detail().get("publishId").toString())).contains("\"polls\":2");
        assertThat(pushes()).contains("\"encrypted\":false", "\"httpStatus\":200");
    }

    @Test
    void rejectedJobPushedInSafeModeFailsPermanentlyWithTheReason() {
        ItemEvent event = publish("safe", "关于sandbox:reject的通知");

        CompletableFuture<DeliveryReceipt> delivery = CompletableFuture.supplyAsync(() -> deliver(event), executor);

        assertThat(delivery).failsWithin(PATIENCE).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(PermanentDeliveryException.class)
                .withMessageContaining("平台审核不通过")
                .withMessageContaining("未通过的文章序号 [1]");
        assertThat(recorder.posts("wechat")).isEmpty();
    }

    @Test
    void aCallbackWithTheWrongTokenIsRefusedAndEndsNothing() throws Exception {
        WechatSettings wrongToken = new WechatSettings(null, Map.of(
                "safe", new WechatAccount("wx-safe", "safe-secret", null, "notTheSandboxToken", AES_KEY, null)),
                null, null, null);
        WechatSandboxApplication.TestCallbacks.RECEIVERS.put("safe",
                Map.entry(new WechatCallbacks(wrongToken), connector));
        ItemEvent event = publish("safe", "市政府召开第十二次常务会议");

        CompletableFuture<DeliveryReceipt> delivery = CompletableFuture.supplyAsync(() -> deliver(event), executor);

        // The simulator tried three times, as WeChat does, and was refused each time.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(pushes())
                .contains("\"httpStatus\":403", "\"tries\":3"));
        assertThat(delivery).isNotDone();
    }

    @Test
    void aDuplicatedEventChangesNothing() throws Exception {
        ItemEvent event = publish("safe", "市政府召开第十三次常务会议");
        DeliveryReceipt receipt = deliverWithinPatience(event);
        String publishId = single(recorder.posts("wechat")).detail().get("publishId").toString();

        PublishJobFinished replay = new PublishJobFinished("safe", publishId, 4, null, List.of(), List.of(1), true);
        connector.publishJobFinished(replay);
        connector.publishJobFinished(replay);

        ItemEvent next = publish("safe", "市政府召开第十四次常务会议");
        DeliveryReceipt second = deliverWithinPatience(next);
        assertThat(second.ref()).isNotEqualTo(receipt.ref());
        assertThat(recorder.posts("wechat")).hasSize(2);
    }

    private DeliveryReceipt deliverWithinPatience(ItemEvent event) throws Exception {
        CompletableFuture<DeliveryReceipt> delivery = CompletableFuture.supplyAsync(() -> deliver(event), executor);
        assertThat(delivery).succeedsWithin(PATIENCE);
        return delivery.get(0, TimeUnit.SECONDS);
    }

    private DeliveryReceipt deliver(ItemEvent event) {
        try {
            return connector.deliver(event);
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private String job(String publishId) throws Exception {
        return get("/sandbox/wechat/jobs/" + publishId);
    }

    private String pushes() throws Exception {
        return get("/sandbox/wechat/callbacks");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static SandboxPost single(List<SandboxPost> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private static ItemEvent publish(String agency, String title) {
        String itemId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String portalUrl = "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "会议研究了近期重点工作。", "<p>会议研究了近期重点工作。</p>", null, null,
                null, null, "000000-2026-00001", "市政府办公室", portalUrl, "zwgk/202603/t20260301_" + itemId + ".html",
                OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, itemId, 1, agency, List.of("wechat"),
                item, Instant.now());
    }
}
