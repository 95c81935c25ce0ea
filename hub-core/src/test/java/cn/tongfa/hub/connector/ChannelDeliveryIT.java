package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
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

/**
 * Issue 4's acceptance, end to end through the API: the hub on PostgreSQL and a real Kafka broker, the four
 * connectors with their real clients, the sandbox simulators over HTTP. Two agencies, so that one agency's
 * WeChat quota can be shown to delay nobody else.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ChannelDeliveryIT {

    private static final String PASSWORD = "it-admin-secret";
    private static final int PORT = FreePort.find();
    private static final String BASE = "http://localhost:" + PORT;
    private static final Pattern WECHAT_IMAGE = Pattern.compile("<img src=\"" + Pattern.quote(BASE)
            + "/sandbox/wechat/media/[^\"]+\"");
    private static String databaseUrl;
    private static Path portalRoot;

    private final HubClient api = new HubClient(BASE, "admin", PASSWORD);

    @BeforeAll
    static void database() throws IOException {
        databaseUrl = TestPostgres.newDatabase();
        portalRoot = Files.createTempDirectory("tongfa-portal-");
        // Body images as a reader's browser and the WeChat connector find them: files the hub serves.
        Path images = Files.createDirectories(portalRoot.resolve("test-images"));
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        for (int i = 0; i < colours.length; i++) {
            BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(colours[i]);
            g.fillRect(0, 0, 64, 48);
            g.dispose();
            ImageIO.write(image, "png", images.resolve("photo" + (i + 1) + ".png").toFile());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresHub.register(registry, PORT, () -> databaseUrl, () -> portalRoot, PASSWORD);
        registry.add("tongfa.sandbox.portal.root", () -> portalRoot.toString());
        registry.add("tongfa.connectors.wechat.poll-interval", () -> "200ms");
        registry.add("tongfa.connectors.worker.max-retry-after", () -> "2s");
        registry.add("tongfa.agencies[0].id", () -> "demo");
        registry.add("tongfa.agencies[0].name", () -> "示范市信访局");
        registry.add("tongfa.agencies[0].org-code", () -> "11340000MB1234567X");
        registry.add("tongfa.agencies[1].id", () -> "quota");
        registry.add("tongfa.agencies[1].name", () -> "示范市统计局");
        PostgresHub.sandboxAccounts(registry, "demo", "quota");
    }

    @AfterEach
    void clearFaults() {
        for (String channel : List.of("portal", "disclosure", "wechat", "weibo")) {
            api.send(api.request("/sandbox/" + channel + "/faults").DELETE());
        }
    }

    @Test
    void threeBodyImagesAndNoCoverReachWechatRehostedWithACoverAndWeiboFitsWithTheWholeLink() {
        StringBuilder body = new StringBuilder("<p>各有关单位：现将现场情况通报如下。</p>");
        for (int i = 1; i <= 3; i++) {
            body.append("<p><img src=\"").append(BASE).append("/portal/test-images/photo").append(i)
                    .append(".png\" alt=\"现场").append(i).append("\"></p>");
        }
        // 117 characters: within WeChat's digest, but title, summary and link together are far beyond Weibo's 140.
        String longSummary = "为进一步做好信访评议工作，".repeat(9);
        String id = publish(create("demo", "关于信访评议现场检查情况的通报", longSummary, body.toString()));
        JsonNode item = awaitDeliveries(id, 4, status -> status.equals("DELIVERED"));
        String portalUrl = item.get("portalUrl").asString();

        JsonNode wechat = single(postsOf("wechat", id));
        String content = wechat.get("detail").get("content").asString();
        Matcher images = WECHAT_IMAGE.matcher(content);
        int rehosted = 0;
        while (images.find()) {
            rehosted++;
        }
        assertThat(rehosted).as(content).isEqualTo(3);
        assertThat(content).doesNotContain("test-images");
        assertThat(wechat.get("detail").get("strippedImages").asInt()).isZero();
        assertThat(wechat.get("detail").get("thumb_media_id").asString()).isNotBlank();
        assertThat(wechat.get("detail").get("content_source_url").asString()).isEqualTo(portalUrl);

        String weibo = single(postsOf("weibo", id)).get("text").asString();
        assertThat(weibo.codePointCount(0, weibo.length())).isLessThanOrEqualTo(140);
        assertThat(weibo).contains(portalUrl).doesNotContain("#");
    }

    @Test
    void aTenThousandCharacterTitleFailsPreFlightPerChannelBeforeAnythingIsPublished() {
        String title = "关于进一步加强政务公开工作的通知".repeat(625);
        assertThat(title.length()).isEqualTo(10_000);

        HubClient.Response tooLong = api.post("/api/v1/items", request("demo", title, "摘要", "<p>正文</p>"));

        // Refused on entry: such an item is never stored, so it can never reach a channel.
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("title");

        // A title the portal takes but WeChat does not is stopped at submission, with the channel named.
        String portalOnly = "关于进一步加强政务公开工作的通知".repeat(10);
        JsonNode draft = create("demo", portalOnly, "摘要", "<p>正文</p>");
        String id = draft.get("id").asString();
        HubClient.Response refused = api.post("/api/v1/items/" + id + "/submit", "");
        assertThat(refused.status()).as(refused.toString()).isIn(400, 409);
        assertThat(refused.body()).contains("微信公众号", "32");
        HubClient.Response publish = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(publish.status()).as(publish.toString()).isIn(400, 409);
        assertThat(publish.body()).contains("微信公众号");
        JsonNode item = api.get("/api/v1/items/" + id).json();
        assertThat(item.get("status").asString()).isEqualTo("DRAFT");
        assertThat(item.get("deliveries")).isEmpty();
    }

    @Test
    void aWechatAccountOutOfQuotaDelaysOnlyItsOwnPosts() {
        HubClient.Response fault = api.send(api.request("/sandbox/wechat/faults")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"errorCode\":45009,\"endpoint\":\"freepublish/submit\",\"account\":\"wxquota\"}")));
        assertThat(fault.status()).as(fault.toString()).isEqualTo(200);
        Instant start = Instant.now();

        String quotaItem = publish(create("quota", "统计局发布一季度经济运行情况", "一季度全市经济运行总体平稳。",
                "<p>一季度全市经济运行总体平稳。</p>"));
        String otherItem = publish(create("demo", "信访局发布接访安排", "下周接访安排如下。", "<p>下周接访安排如下。</p>"));

        JsonNode other = awaitDeliveries(otherItem, 4, status -> status.equals("DELIVERED"));
        // Settled means: delivered, or parked by the pause (PENDING with its reason), not PENDING as published.
        JsonNode quota = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + quotaItem).json(), item -> {
                    Map<String, JsonNode> deliveries = byChannel(item);
                    return deliveries.size() == 4 && deliveries.values().stream().allMatch(delivery -> {
                        String status = delivery.get("status").asString();
                        return status.equals("DELIVERED")
                                || (status.equals("PENDING") && !delivery.path("error").asString("").isEmpty());
                    });
                });
        Map<String, JsonNode> byChannel = byChannel(quota);
        for (String channel : List.of("portal", "disclosure", "weibo")) {
            assertThat(byChannel.get(channel).get("status").asString()).as(channel).isEqualTo("DELIVERED");
        }
        JsonNode wechat = byChannel.get("wechat");
        assertThat(wechat.get("status").asString()).isEqualTo("PENDING");
        assertThat(wechat.get("error").asString()).contains("45009", "暂停");
        assertThat(postsOf("wechat", quotaItem)).isEmpty();
        for (JsonNode delivery : other.get("deliveries")) {
            Instant delivered = Instant.from(java.time.OffsetDateTime.parse(delivery.get("deliveredAt").asString()));
            assertThat(Duration.between(start, delivered)).as(delivery.toString()).isLessThan(Duration.ofSeconds(60));
        }

        // The account's next post waits behind the pause too, without a call to WeChat.
        String next = publish(create("quota", "统计局发布二季度经济运行情况", "二季度全市经济运行稳中有进。",
                "<p>二季度全市经济运行稳中有进。</p>"));
        await().atMost(Duration.ofSeconds(60)).until(() -> byChannel(api.get("/api/v1/items/" + next).json())
                .getOrDefault("wechat", api.anonymous().get("/actuator/health").json())
                .path("error").asString("").contains("账号已暂停"));
        assertThat(postsOf("wechat", next)).isEmpty();
    }

    @Test
    void withdrawalRemovesTheItemFromEveryChannelAndTheItemShowsEachOutcome() {
        String id = publish(create("demo", "关于调整接访时间的通知", "接访时间调整如下。", "<p>接访时间调整如下。</p>"));
        JsonNode published = awaitDeliveries(id, 4, status -> status.equals("DELIVERED"));
        String portalUrl = published.get("portalUrl").asString();
        assertThat(api.anonymous().get(portalUrl).status()).isEqualTo(200);

        HubClient.Response withdrawn = api.post("/api/v1/items/" + id + "/withdraw", "{\"comment\":\"通知已废止\"}");
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);

        JsonNode item = awaitDeliveries(id, 4, status -> status.equals("WITHDRAWN"));
        assertThat(item.get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(api.anonymous().get(portalUrl).status()).isEqualTo(404);
        for (String channel : List.of("disclosure", "wechat", "weibo")) {
            assertThat(postsOf(channel, id)).as(channel).allSatisfy(
                    post -> assertThat(post.get("deleted").asBoolean()).as(channel + " " + post).isTrue());
        }
        assertThat(postsOf("portal", id)).allSatisfy(post -> assertThat(post.get("deleted").asBoolean()).isTrue());
    }

    @Test
    void aWithdrawalTheChannelRefusesStaysVisibleOnTheItem() {
        String id = publish(create("demo", "关于开展普法宣传活动的通知", "普法宣传活动安排如下。", "<p>普法宣传活动安排如下。</p>"));
        awaitDeliveries(id, 4, status -> status.equals("DELIVERED"));
        HubClient.Response fault = api.send(api.request("/sandbox/weibo/faults")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"errorCode\":10017,\"endpoint\":\"destroy.json\",\"account\":\"token-demo\"}")));
        assertThat(fault.status()).isEqualTo(200);

        api.post("/api/v1/items/" + id + "/withdraw", "");

        JsonNode item = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + id).json(), current -> {
                    Map<String, JsonNode> deliveries = byChannel(current);
                    return deliveries.get("weibo").path("error").asString("").contains("撤回失败")
                            && deliveries.get("portal").get("status").asString().equals("WITHDRAWN");
                });
        Map<String, JsonNode> deliveries = byChannel(item);
        assertThat(deliveries.get("weibo").get("status").asString()).isEqualTo("DELIVERED");
        assertThat(deliveries.get("weibo").get("error").asString()).contains("10017");
        assertThat(single(postsOf("weibo", id)).get("deleted").asBoolean()).isFalse();
    }

    private Map<String, Object> request(String agency, String title, String summary, String bodyHtml) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", agency);
        body.put("title", title);
        body.put("summary", summary);
        body.put("bodyHtml", bodyHtml);
        body.put("category", "业务工作");
        body.put("docType", "行政规范性文件");
        body.put("docNumber", "示信发〔2026〕3号");
        body.put("writtenOn", "2026-02-27");
        return body;
    }

    private JsonNode create(String agency, String title, String summary, String bodyHtml) {
        HubClient.Response response = api.post("/api/v1/items", request(agency, title, summary, bodyHtml));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private String publish(JsonNode created) {
        String id = created.get("id").asString();
        HubClient.Response response = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return id;
    }

    private JsonNode awaitDeliveries(String id, int channels, Predicate<String> status) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + id).json(), item -> {
                    JsonNode deliveries = item.get("deliveries");
                    if (deliveries.size() != channels) {
                        return false;
                    }
                    for (JsonNode delivery : deliveries) {
                        if (!status.test(delivery.get("status").asString())) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static Map<String, JsonNode> byChannel(JsonNode item) {
        Map<String, JsonNode> byChannel = new HashMap<>();
        item.get("deliveries").forEach(delivery -> byChannel.put(delivery.get("channel").asString(), delivery));
        return byChannel;
    }

    private List<JsonNode> postsOf(String channel, String itemId) {
        List<JsonNode> mine = new ArrayList<>();
        api.anonymous().get("/sandbox/" + channel + "/posts").json().forEach(post -> {
            if (itemId.equals(post.get("itemId").asString())) {
                mine.add(post);
            }
        });
        return mine;
    }

    private static JsonNode single(List<JsonNode> posts) {
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }
}
