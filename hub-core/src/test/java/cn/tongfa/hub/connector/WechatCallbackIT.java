package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;
import cn.tongfa.hub.support.PostgresHub;
import cn.tongfa.hub.support.TestPostgres;
import cn.tongfa.sandbox.wechat.WechatPushCrypto;

/**
 * WeChat's {@code PUBLISHJOBFINISH} callback through the hub: the simulator pushes it, encrypted in safe mode, to
 * the hub's {@code /callbacks/wechat/{agency}}; the endpoint checks it and puts it on Kafka; the WeChat connector
 * waiting for the job reads it and records the delivery. The connector polls only every ten minutes here, so
 * only the callback can deliver within the test's patience. Forged requests are refused with 403.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class WechatCallbackIT {

    private static final String PASSWORD = "it-admin-secret";
    private static final int PORT = FreePort.find();
    private static final String BASE = "http://localhost:" + PORT;
    private static final String TOKEN = "hubCallbackToken7";
    private static final String AES_KEY = "HubCallbackEncodingAESKey0123456789abcdefgh";
    private static String databaseUrl;
    private static Path portalRoot;

    private final HubClient api = new HubClient(BASE, "admin", PASSWORD);

    @BeforeAll
    static void database() throws IOException {
        databaseUrl = TestPostgres.newDatabase();
        portalRoot = Files.createTempDirectory("tongfa-portal-");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresHub.register(registry, PORT, () -> databaseUrl, () -> portalRoot, PASSWORD);
        registry.add("tongfa.sandbox.portal.root", () -> portalRoot.toString());
        registry.add("tongfa.agencies[0].id", () -> "demo");
        registry.add("tongfa.agencies[0].name", () -> "示范市信访局");
        registry.add("tongfa.agencies[0].org-code", () -> "11340000MB1234567X");
        PostgresHub.sandboxAccounts(registry, "demo");
        registry.add("tongfa.connectors.wechat.poll-interval", () -> "10m");
        registry.add("tongfa.connectors.wechat.publish-timeout", () -> "20m");
        registry.add("tongfa.connectors.wechat.accounts.demo.token", () -> TOKEN);
        registry.add("tongfa.connectors.wechat.accounts.demo.aes-key", () -> AES_KEY);
        registry.add("tongfa.sandbox.wechat.callbacks.wxdemo.url", () -> "/callbacks/wechat/demo");
        registry.add("tongfa.sandbox.wechat.callbacks.wxdemo.token", () -> TOKEN);
        registry.add("tongfa.sandbox.wechat.callbacks.wxdemo.aes-key", () -> AES_KEY);
        registry.add("tongfa.sandbox.wechat.callbacks.wxdemo.delay", () -> "500ms");
    }

    @Test
    void pushedEventDeliversTheItemThroughKafkaWithoutWaitingForThePoll() {
        String id = publish("关于调整信访接待时间的通知");

        JsonNode wechat = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> delivery(id, "wechat"), delivery -> delivery != null
                        && "DELIVERED".equals(delivery.get("status").asString()));

        JsonNode post = api.anonymous().get("/sandbox/wechat/posts").json().valueStream()
                .filter(candidate -> id.equals(candidate.get("itemId").asString())).findFirst().orElseThrow();
        assertThat(wechat.toString()).contains(post.get("postId").asString());
        String publishId = post.get("detail").get("publishId").asString();
        // Asked once right after submission; the authenticated event settled it.
        assertThat(api.anonymous().get("/sandbox/wechat/jobs/" + publishId).json().get("polls").asInt()).isEqualTo(1);
        JsonNode push = api.anonymous().get("/sandbox/wechat/callbacks").json().valueStream()
                .filter(candidate -> publishId.equals(candidate.get("publishId").asString())).findFirst()
                .orElseThrow();
        assertThat(push.get("encrypted").asBoolean()).isTrue();
        assertThat(push.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(push.get("answer").asString()).isEqualTo("success");
    }

    @Test
    void urlVerificationEchoesOnlyWhenSigned() {
        String signature = WechatPushCrypto.signature(TOKEN, "1794710400", "5551212");

        HubClient.Response ok = api.anonymous().get("/callbacks/wechat/demo?signature=" + signature
                + "&timestamp=1794710400&nonce=5551212&echostr=hello-wechat");
        HubClient.Response forged = api.anonymous().get("/callbacks/wechat/demo?signature=" + signature
                + "&timestamp=1794710401&nonce=5551212&echostr=hello-wechat");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello-wechat");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("hello-wechat");
    }

    @Test
    void forgedOrPlainPushesAreRefused() {
        String event = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>"
                + "<CreateTime>1794710400</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[PUBLISHJOBFINISH]]></Event><PublishEventInfo><publish_id>1</publish_id>"
                + "<publish_status>4</publish_status><fail_idx>1</fail_idx></PublishEventInfo></xml>";
        String signature = WechatPushCrypto.signature(TOKEN, "1794710400", "77");
        String cipher = WechatPushCrypto.encrypt(AES_KEY, "wx-not-demo", event);

        // Signed, but plain: the account is in safe mode.
        assertThat(post("?signature=" + signature + "&timestamp=1794710400&nonce=77", event).status())
                .isEqualTo(403);
        // Encrypted with the right key and signed, but for another AppID.
        assertThat(post("?signature=" + signature + "&timestamp=1794710400&nonce=77&encrypt_type=aes&msg_signature="
                + WechatPushCrypto.signature(TOKEN, "1794710400", "77", cipher), envelope(cipher)).status())
                .isEqualTo(403);
        // Wrong signature.
        assertThat(post("?signature=0000&timestamp=1794710400&nonce=77&encrypt_type=aes&msg_signature="
                + WechatPushCrypto.signature(TOKEN, "1794710400", "77", cipher), envelope(cipher)).status())
                .isEqualTo(403);
        // An agency without callbacks.
        assertThat(api.send(api.anonymous().request("/callbacks/wechat/nobody?signature=" + signature
                + "&timestamp=1794710400&nonce=77").header("Content-Type", "text/xml").POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)))
                .status()).isEqualTo(403);
        // Counted for operations, with the caller's path never used as a label.
        String metrics = api.anonymous().get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("tongfa_wechat_callbacks_total\\{[^}]*agency=\"demo\"[^}]*outcome="
                + "\"refused\"[^}]*} [3-9]").contains("agency=\"unknown\"").doesNotContain("nobody");
    }

    private HubClient.Response post(String query, String body) {
        HubClient anonymous = api.anonymous();
        return anonymous.send(anonymous.request("/callbacks/wechat/demo" + query)
                .header("Content-Type", "text/xml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String envelope(String cipher) {
        return "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[" + cipher + "]]></Encrypt></xml>";
    }

    private JsonNode delivery(String id, String channel) {
        for (JsonNode delivery : api.get("/api/v1/items/" + id).json().get("deliveries")) {
            if (channel.equals(delivery.get("channel").asString())) {
                return delivery;
            }
        }
        return null;
    }

    private String publish(String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", "demo");
        body.put("title", title);
        body.put("summary", "接待时间调整如下。");
        body.put("bodyHtml", "<p>接待时间调整如下。</p>");
        body.put("category", "业务工作");
        HubClient.Response created = api.post("/api/v1/items", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        HubClient.Response published = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return id;
    }
}
