package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * connectors with their real clients, the sandbox simulators over HTTP. Several agencies, so that one agency's
 * WeChat quota can be shown to delay nobody else, and each update policy has its own agency.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ChannelDeliveryIT {

    private static final String PASSWORD = "it-admin-secret";
    private static final String BROKEN_SECRET = "not-the-broken-secret";
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
        // The test images are served by this hub on loopback, which stands for an agency's intranet image
        // server here: only an allowed block lets the save import them (docs/media-import.md).
        registry.add("tongfa.media.import.allowed-networks", () -> "127.0.0.0/8,::1/128");
        registry.add("tongfa.sandbox.portal.root", () -> portalRoot.toString());
        registry.add("tongfa.connectors.wechat.poll-interval", () -> "200ms");
        registry.add("tongfa.connectors.worker.max-retry-after", () -> "2s");
        registry.add("tongfa.agencies[0].id", () -> "demo");
        registry.add("tongfa.agencies[0].name", () -> "示范市信访局");
        registry.add("tongfa.agencies[0].org-code", () -> "11340000MB1234567X");
        registry.add("tongfa.agencies[1].id", () -> "quota");
        registry.add("tongfa.agencies[1].name", () -> "示范市统计局");
        registry.add("tongfa.agencies[2].id", () -> "plain");
        registry.add("tongfa.agencies[2].name", () -> "示范市司法局");
        PostgresHub.sandboxAccounts(registry, "demo", "quota", "plain");
        // demo replaces its WeChat articles and Weibo statuses on an edit; the others keep the default (manual).
        registry.add("tongfa.connectors.wechat.accounts.demo.update-policy", () -> "DELETE_AND_REPUBLISH");
        registry.add("tongfa.connectors.weibo.accounts.demo.update-policy", () -> "delete-and-republish");
        // A fourth agency whose WeChat secret and Weibo token the channels refuse; its other channels are fine.
        registry.add("tongfa.agencies[3].id", () -> "broken");
        registry.add("tongfa.agencies[3].name", () -> "示范市档案局");
        registry.add("tongfa.connectors.disclosure.accounts.broken.app-key", () -> "broken");
        registry.add("tongfa.connectors.disclosure.accounts.broken.app-secret", () -> "sandbox-secret");
        registry.add("tongfa.connectors.wechat.accounts.broken.app-id", () -> "wxbroken");
        registry.add("tongfa.connectors.wechat.accounts.broken.secret", () -> BROKEN_SECRET);
        registry.add("tongfa.connectors.weibo.accounts.broken.access-token", () -> "invalid-broken");
        for (String app : List.of("wxdemo", "wxquota", "wxplain", "wxbroken")) {
            registry.add("tongfa.sandbox.wechat.apps." + app, () -> "sandbox-secret");
        }
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

        JsonNode weiboPost = single(postsOf("weibo", id));
        String weibo = weiboPost.get("text").asString();
        assertThat(weibo.codePointCount(0, weibo.length())).isLessThanOrEqualTo(140);
        assertThat(weibo).contains(portalUrl).doesNotContain("#");
        // No cover: the status carries the first body image.
        assertThat(weiboPost.get("detail").get("picType").asString()).isEqualTo("png");
        assertThat(weiboPost.get("detail").get("picBytes").asLong())
                .isEqualTo(portalRoot.resolve("test-images/photo1.png").toFile().length());
    }

    @Test
    void aTenThousandCharacterTitleFailsPreFlightPerChannelBeforeAnythingIsPublished() {
        String title = "关于进一步加强政务公开工作的通知".repeat(625);
        assertThat(title.length()).isEqualTo(10_000);

        long storedBefore = api.get("/api/v1/items?agency=demo").json().get("total").asLong();
        HubClient.Response tooLong = api.post("/api/v1/items", request("demo", title, "摘要", "<p>正文</p>"));

        // Refused on entry, with every channel's own reason: such an item is never stored, so it can never reach a
        // channel, and the editor learns each channel's limit at once.
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.json().get("detail").asString()).isNotBlank();
        Map<String, String> perChannel = new LinkedHashMap<>();
        tooLong.json().get("errors").forEach(error -> {
            assertThat(error.get("field").asString()).isEqualTo("title");
            perChannel.put(error.get("channel").asString(), error.get("message").asString());
        });
        assertThat(perChannel).containsOnlyKeys("portal", "disclosure", "wechat", "weibo");
        assertThat(perChannel.get("portal")).startsWith("门户网站：").contains("200", "10000");
        assertThat(perChannel.get("disclosure")).startsWith("政府信息公开专栏：").contains("200", "10000");
        assertThat(perChannel.get("wechat")).startsWith("微信公众号：").contains("32", "10000");
        assertThat(perChannel.get("weibo")).startsWith("微博：").contains("140", "10000");
        assertThat(api.get("/api/v1/items?agency=demo").json().get("total").asLong()).isEqualTo(storedBefore);

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
                .PUT(HttpRequest.BodyPublishers.ofString(
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
    void aRefusedCredentialIsNamedInTheHealthAndFailsOnlyThatAgencysChannel() {
        // Checked at start-up, in the background: the health shows each channel's verdict per agency.
        JsonNode channels = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/actuator/health").json().path("components").path("channels"),
                        c -> c.path("details").path("wechat").path("broken").path("status").asString("").equals("DOWN")
                                && c.path("details").path("weibo").path("broken").path("status").asString("")
                                        .equals("DOWN")
                                && c.path("details").path("wechat").path("demo").path("status").asString("")
                                        .equals("UP"));
        JsonNode details = channels.get("details");
        assertThat(channels.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(details.get("wechat").get("broken").get("problem").asString())
                .contains("40125", "tongfa.connectors.wechat.accounts.broken.secret").doesNotContain(BROKEN_SECRET);
        assertThat(details.get("weibo").get("broken").get("problem").asString())
                .contains("21332", "tongfa.connectors.weibo.accounts.broken.access-token")
                .doesNotContain("invalid-broken");
        for (String channel : List.of("portal", "disclosure", "wechat", "weibo")) {
            for (String agency : List.of("demo", "quota")) {
                assertThat(details.get(channel).get(agency).get("status").asString()).as(channel + "/" + agency)
                        .isEqualTo("UP");
            }
        }
        assertThat(details.get("disclosure").get("broken").get("status").asString()).isEqualTo("UP");
        // The hub stays in service, and without signing in nobody sees which account is wrong.
        HubClient.Response health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        JsonNode anonymous = api.anonymous().get("/actuator/health").json();
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();

        String brokenItem = publish(create("broken", "档案局发布馆藏开放目录", "馆藏档案开放目录如下。", "<p>馆藏档案开放目录如下。</p>"));
        String demoItem = publish(create("demo", "信访局发布来访须知", "来访须知如下。", "<p>来访须知如下。</p>"));

        awaitDeliveries(demoItem, 4, status -> status.equals("DELIVERED"));
        Map<String, JsonNode> broken = byChannel(awaitDeliveries(brokenItem, 4,
                status -> status.equals("DELIVERED") || status.equals("FAILED")));
        assertThat(broken.get("portal").get("status").asString()).isEqualTo("DELIVERED");
        assertThat(broken.get("disclosure").get("status").asString()).isEqualTo("DELIVERED");
        assertThat(broken.get("wechat").get("status").asString()).isEqualTo("FAILED");
        assertThat(broken.get("wechat").get("error").asString())
                .contains("tongfa.connectors.wechat.accounts.broken.secret");
        assertThat(broken.get("weibo").get("status").asString()).isEqualTo("FAILED");
        assertThat(broken.get("weibo").get("error").asString())
                .contains("tongfa.connectors.weibo.accounts.broken.access-token");
        assertThat(postsOf("wechat", brokenItem)).isEmpty();
        assertThat(postsOf("weibo", brokenItem)).isEmpty();
    }

    @Test
    void withdrawalRemovesTheItemFromEveryChannelAndTheItemShowsEachOutcome() {
        String id = publish(create("demo", "关于调整接访时间的通知", "接访时间调整如下。", "<p>接访时间调整如下。</p>"));
        JsonNode published = awaitDeliveries(id, 4, status -> status.equals("DELIVERED"));
        String portalUrl = published.get("portalUrl").asString();
        assertThat(api.anonymous().get(portalUrl).status()).isEqualTo(200);
        // The page's column (业务工作, a directory named after it), the agency's list, feed and sitemap list it.
        String column = BASE + "/portal/demo/%E4%B8%9A%E5%8A%A1%E5%B7%A5%E4%BD%9C/index.html";
        assertThat(api.anonymous().get(portalUrl).body()).contains("<a href=\"" + column + "\">业务工作</a>");
        for (String listing : List.of(column, BASE + "/portal/demo/index.html", BASE + "/portal/demo/rss.xml",
                BASE + "/portal/demo/sitemap.xml")) {
            HubClient.Response served = api.anonymous().get(listing);
            assertThat(served.status()).as(listing).isEqualTo(200);
            assertThat(served.body()).as(listing).contains(portalUrl);
        }
        assertThat(api.anonymous().get(BASE + "/portal/demo/.tongfa-portal.json").status()).isEqualTo(404);
        // Every category of the agency is a column with its list, even before it has an item.
        assertThat(api.anonymous().get(BASE + "/portal/demo/%E5%85%B6%E4%BB%96/index.html").body()).contains("暂无信息");

        HubClient.Response withdrawn = api.post("/api/v1/items/" + id + "/withdraw", "{\"comment\":\"通知已废止\"}");
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);

        JsonNode item = awaitDeliveries(id, 4, status -> status.equals("WITHDRAWN"));
        assertThat(item.get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(api.anonymous().get(portalUrl).status()).isEqualTo(404);
        assertThat(api.anonymous().get(BASE + "/portal/demo/index.html").body()).doesNotContain(portalUrl);
        assertThat(api.anonymous().get(BASE + "/portal/demo/sitemap.xml").body()).doesNotContain(portalUrl);
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
                .PUT(HttpRequest.BodyPublishers.ofString(
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

    @Test
    void anEditedPublishedItemIsReplacedOnWechatAndWeiboWithOneLiveCopyAndTheCountsUnchanged() {
        String id = publish(create("demo", "关于调整信访接待日安排的通知", "接待日安排调整如下。", "<p>接待日安排调整如下。</p>"));
        JsonNode published = awaitDeliveries(id, 4, status -> status.equals("DELIVERED"));
        String portalUrl = published.get("portalUrl").asString();
        int year = java.time.Year.now(java.time.ZoneId.of("Asia/Shanghai")).getValue();
        JsonNode countsBefore = api.get("/api/v1/agencies/demo/counts?year=" + year).json();

        Map<String, Object> edit = request("demo", "关于再次调整信访接待日安排的通知", "接待日安排再次调整如下。",
                "<p>接待日安排再次调整如下。</p>");
        HubClient.Response edited = api.put("/api/v1/items/" + id, edit);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);

        JsonNode item = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + id).json(), current -> {
                    List<JsonNode> second = new ArrayList<>();
                    current.get("deliveries").forEach(d -> {
                        if (d.get("version").asInt() == 2) {
                            second.add(d);
                        }
                    });
                    return second.size() == 4 && second.stream().allMatch(
                            d -> d.get("status").asString().equals("DELIVERED"));
                });
        Map<String, JsonNode> firstVersion = new HashMap<>();
        item.get("deliveries").forEach(d -> {
            if (d.get("version").asInt() == 1) {
                firstVersion.put(d.get("channel").asString(), d);
            }
        });
        assertThat(firstVersion).hasSize(4);

        List<JsonNode> wechat = postsOf("wechat", id);
        assertThat(wechat).hasSize(2);
        List<JsonNode> liveArticles = wechat.stream().filter(post -> !post.get("deleted").asBoolean()).toList();
        assertThat(liveArticles).singleElement().satisfies(post -> {
            assertThat(post.get("title").asString()).isEqualTo("关于再次调整信访接待日安排的通知");
            assertThat(post.get("detail").get("content_source_url").asString()).isEqualTo(portalUrl + "?v=2");
        });
        assertThat(wechat.stream().filter(post -> post.get("deleted").asBoolean()).toList()).singleElement()
                .satisfies(post -> assertThat(post.get("postId").asString())
                        .startsWith(firstVersion.get("wechat").get("ref").asString()));

        List<JsonNode> weibo = postsOf("weibo", id);
        assertThat(weibo).hasSize(2);
        assertThat(weibo.stream().filter(post -> !post.get("deleted").asBoolean()).toList()).singleElement()
                .satisfies(post -> assertThat(post.get("text").asString())
                        .contains("关于再次调整信访接待日安排的通知", portalUrl + "?v=2"));
        assertThat(weibo.stream().filter(post -> post.get("deleted").asBoolean()).toList()).singleElement()
                .satisfies(post -> assertThat(post.get("postId").asString())
                        .isEqualTo(firstVersion.get("weibo").get("ref").asString()));

        // One ledger row per version; the update counts nothing new.
        JsonNode countsAfter = api.get("/api/v1/agencies/demo/counts?year=" + year).json();
        assertThat(countsAfter.get("deliveries")).isEqualTo(countsBefore.get("deliveries"));
        assertThat(countsAfter.get("items")).isEqualTo(countsBefore.get("items"));
    }

    @Test
    void anEditUnderTheManualPolicyIsLeftForAPersonWithTheReasonOnTheItem() {
        String id = publish(create("plain", "司法局发布年度法治政府建设报告", "年度报告如下。", "<p>年度报告如下。</p>"));
        awaitDeliveries(id, 4, status -> status.equals("DELIVERED"));

        HubClient.Response edited = api.put("/api/v1/items/" + id, request("plain", "司法局发布年度法治政府建设报告（更正）",
                "年度报告更正如下。", "<p>年度报告更正如下。</p>"));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);

        JsonNode item = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + id).json(), current -> {
                    Map<String, JsonNode> second = new HashMap<>();
                    current.get("deliveries").forEach(d -> {
                        if (d.get("version").asInt() == 2) {
                            second.put(d.get("channel").asString(), d);
                        }
                    });
                    return second.size() == 4 && second.values().stream().noneMatch(
                            d -> List.of("PENDING", "DELIVERING").contains(d.get("status").asString()));
                });
        Map<String, JsonNode> second = new HashMap<>();
        item.get("deliveries").forEach(d -> {
            if (d.get("version").asInt() == 2) {
                second.put(d.get("channel").asString(), d);
            }
        });
        for (String channel : List.of("wechat", "weibo")) {
            assertThat(second.get(channel).get("status").asString()).as(channel).isEqualTo("FAILED");
            assertThat(second.get(channel).get("error").asString()).as(channel).startsWith("需人工处理：")
                    .contains("tongfa.connectors." + channel + ".accounts.plain.update-policy");
            assertThat(postsOf(channel, id)).as(channel).singleElement()
                    .satisfies(post -> assertThat(post.get("deleted").asBoolean()).isFalse());
        }
        assertThat(second.get("portal").get("status").asString()).isEqualTo("DELIVERED");
        // The editor's item page labels it for a person, beside the channel's reason.
        assertThat(itemPage(id)).contains("manual-action", "需人工处理：微信公众号已发布的文章不能修改",
                "需人工处理：微博发出后不能修改");
    }

    /** The item's page in the web UI, as the administrator sees it after logging in through the form. */
    private String itemPage(String id) {
        try {
            HttpClient browser = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager()).build();
            String login = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/login"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
            assertThat(csrf.find()).as(login).isTrue();
            String form = "username=admin&password=" + PASSWORD + "&_csrf="
                    + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            browser.send(HttpRequest.newBuilder(URI.create(BASE + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(
                    URI.create(BASE + "/items/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            return page.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
