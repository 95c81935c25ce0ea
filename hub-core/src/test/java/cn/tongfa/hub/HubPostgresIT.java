package cn.tongfa.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.support.CountingListener;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;
import cn.tongfa.hub.support.PostgresHub;
import cn.tongfa.hub.support.TestPostgres;

/**
 * The whole path on real parts: the hub on PostgreSQL, a real Kafka broker (spring-kafka-test's embedded
 * KRaft broker), the four connectors with their real clients, and the sandbox simulators over HTTP.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class HubPostgresIT {

    private static final String PASSWORD = "it-admin-secret";
    private static final int PORT = FreePort.find();
    private static String databaseUrl;
    private static Path portalRoot;
    /** Stands for every service on the hub's own machine: it must never see a connection. */
    private static CountingListener loopback;
    /** An agency's intranet image server, reachable because the allow-list below names it. */
    private static CountingListener intranet;
    /** The same server's animated GIF. */
    private static CountingListener animations;
    /** The same server's small picture, too small for a WeChat cover. */
    private static CountingListener thumbnails;

    @Autowired
    JdbcClient jdbc;

    private final HubClient api = new HubClient("http://localhost:" + PORT, "admin", PASSWORD);

    @BeforeAll
    static void database() throws IOException {
        databaseUrl = TestPostgres.newDatabase();
        portalRoot = Files.createTempDirectory("tongfa-portal-");
        loopback = CountingListener.onAll((socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", png()));
        intranet = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", png()));
        animations = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/gif\r\n", animatedGif()));
        thumbnails = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", png(300, 150)));
    }

    @AfterAll
    static void stopListeners() throws IOException {
        loopback.close();
        intranet.close();
        animations.close();
        thumbnails.close();
    }

    private static byte[] animatedGif() throws IOException {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("gif").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < 2; i++) {
                java.awt.image.BufferedImage frame = new java.awt.image.BufferedImage(200, 100,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                frame.setRGB(i, i, 0xff0000);
                writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] png() throws IOException {
        return png(600, 300);
    }

    private static byte[] png(int width, int height) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresHub.register(registry, PORT, () -> databaseUrl, () -> portalRoot, PASSWORD);
        registry.add("tongfa.agencies[0].id", () -> "demo");
        registry.add("tongfa.agencies[0].name", () -> "示范市信访局");
        registry.add("tongfa.agencies[0].org-code", () -> "11340000MB1234567X");
        registry.add("tongfa.agencies[1].id", () -> "counting");
        registry.add("tongfa.agencies[1].name", () -> "示范市统计局");
        PostgresHub.sandboxAccounts(registry, "demo", "counting");
        registry.add("tongfa.ops.refresh-interval", () -> "1s");
        registry.add("tongfa.media.import.allowed-networks", () -> "127.0.0.2/32");
    }

    @Test
    void anItemPointingImagesAtThisMachineMakesNoRequestAndStoresNothing() {
        long items = itemRows();
        long media = mediaRows();
        int port = loopback.port();
        List<String> urls = List.of("http://127.1:" + port + "/a.png", "http://0x7f000001:" + port + "/b.png",
                "http://[::ffff:127.0.0.1]:" + port + "/c.png", "http://2130706433:" + port + "/d.png",
                "http://0177.0.0.1:" + port + "/e.png", "http://localhost:" + port + "/f.png");
        StringBuilder html = new StringBuilder("<p>见下图。</p>");
        urls.forEach(url -> html.append("<img src=\"").append(url).append("\" alt=\"图\">"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", "demo");
        body.put("title", "外部图片指向本机的信息");
        body.put("bodyHtml", html.toString());

        HubClient.Response response = api.post("/api/v1/items", body);

        // API.md: invalid input is 400 with errors[], as for every other field of the item.
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> messages = new ArrayList<>();
        response.json().get("errors").forEach(error -> {
            assertThat(error.get("field").asString()).isEqualTo("bodyHtml");
            messages.add(error.get("message").asString());
        });
        assertThat(messages).containsExactlyElementsOf(urls.stream()
                .map(url -> "外部图片 " + url + " 无法导入：地址指向内网或本机，不允许").toList());
        assertThat(loopback.accepted()).as("connections to this machine").isZero();
        assertThat(itemRows()).isEqualTo(items);
        assertThat(mediaRows()).isEqualTo(media);
    }

    @Test
    void anExternalImageIsImportedOnSaveAndItsSourceRewritten() {
        String url = "http://127.0.0.2:" + intranet.port() + "/images/tu.png";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", "demo");
        body.put("title", "带内网图片的信息");
        body.put("bodyHtml", "<p>见下图。</p><img src=\"" + url + "\" alt=\"图\"><img src=\"" + url + "\">");

        HubClient.Response created = api.post("/api/v1/items", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String bodyHtml = created.json().get("bodyHtml").asString();
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("src=\"/media/([0-9a-z]+)\"")
                .matcher(bodyHtml);
        assertThat(ids.find()).as(bodyHtml).isTrue();
        String id = ids.group(1);
        assertThat(ids.find()).isTrue();
        assertThat(ids.group(1)).isEqualTo(id);
        assertThat(bodyHtml).doesNotContain("127.0.0.2");
        assertThat(intranet.accepted()).as("the same URL twice is fetched once").isEqualTo(1);
        Map<String, Object> row = jdbc.sql("select agency, content_type, width, height from media where id = ?")
                .param(id).query().singleRow();
        assertThat(row).containsEntry("agency", "demo").containsEntry("content_type", "image/png")
                .containsEntry("width", 600).containsEntry("height", 300);

        // An edit imports again; the same bytes are the same media.
        body.put("bodyHtml", "<p>改后。</p><img src=\"" + url + "\">");
        HubClient.Response edited = api.put("/api/v1/items/" + created.json().get("id").asString(), body);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().get("bodyHtml").asString()).contains("src=\"/media/" + id + "\"");
        assertThat(intranet.accepted()).isEqualTo(2);
    }

    @Test
    void publishedItemReachesEveryChannelExactlyOnce() {
        JsonNode created = create("demo", "关于开展2026年信访评议工作的通知", null);
        String id = created.get("id").asString();
        assertThat(created.get("status").asString()).isEqualTo("DRAFT");

        JsonNode published = api.post("/api/v1/items/" + id + "/publish", "").json();
        assertThat(published.get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(published.get("indexNo").asString()).matches("11340000MB1234567X/\\d{4}-\\d{5}");
        String portalUrl = published.get("portalUrl").asString();
        assertThat(portalUrl).startsWith("http://localhost:" + PORT + "/portal/demo/").endsWith("_" + id + ".html");

        JsonNode item = awaitSettled(id, 4);
        for (JsonNode delivery : item.get("deliveries")) {
            assertThat(delivery.get("status").asString()).as(delivery.toString()).isEqualTo("DELIVERED");
            assertThat(delivery.get("ref").asString()).as(delivery.toString()).isNotBlank();
            assertThat(delivery.get("url").asString()).as(delivery.toString()).isNotBlank();
            assertThat(delivery.get("deliveredAt").isNull()).isFalse();
        }

        Map<String, JsonNode> posts = new LinkedHashMap<>();
        for (String channel : List.of("portal", "disclosure", "wechat", "weibo")) {
            List<JsonNode> mine = postsOf(channel, id);
            assertThat(mine).as(channel + " posts of item " + id).hasSize(1);
            posts.put(channel, mine.get(0));
        }
        assertThat(posts.get("wechat").get("detail").get("content_source_url").asString()).isEqualTo(portalUrl);
        assertThat(posts.get("weibo").get("text").asString()).contains(portalUrl);

        HubClient.Response page = api.anonymous().get(portalUrl);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("关于开展2026年信访评议工作的通知").contains(published.get("indexNo").asString());
    }

    @Test
    void countsShowEachItemUnderTheChannelsItWentTo() {
        String everywhere = publish(create("counting", "全部渠道发布的信息", null));
        String two = publish(create("counting", "只发门户和微博的信息", List.of("portal", "weibo")));
        awaitSettled(everywhere, 4);
        awaitSettled(two, 2);

        int year = Year.now(ZoneId.of("Asia/Shanghai")).getValue();
        JsonNode counts = api.get("/api/v1/agencies/counting/counts?year=" + year).json();
        assertThat(counts.get("items").asLong()).isEqualTo(2);
        assertThat(counts.get("deliveries").get("portal").asLong()).isEqualTo(2);
        assertThat(counts.get("deliveries").get("weibo").asLong()).isEqualTo(2);
        assertThat(counts.get("deliveries").get("disclosure").asLong()).isEqualTo(1);
        assertThat(counts.get("deliveries").get("wechat").asLong()).isEqualTo(1);
        assertThat(counts.get("deliveriesTotal").asLong()).isEqualTo(6);
        assertThat(counts.get("byCategory").get("业务工作").asLong()).isEqualTo(2);
        assertThat(counts.get("byDocType").get("行政规范性文件").asLong()).isEqualTo(2);
        assertThat(counts.get("cumulative").get("items").asLong()).isEqualTo(2);

        // The operations gauges read the count summary and indexed look-ups, never the whole ledger, and agree
        // with the counts.
        Map<String, Long> expected = Map.of("portal", 2L, "weibo", 2L, "disclosure", 1L, "wechat", 1L);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
                    String metrics = api.anonymous().get("/actuator/prometheus").body();
                    expected.forEach((channel, n) -> {
                        assertThat(metrics).as(channel).containsPattern("tongfa_ledger_delivered_this_year\\{"
                                + "agency=\"counting\"[^}]*channel=\"" + channel + "\"[^}]*} " + n + "\\.0\\b");
                        assertThat(metrics).as(channel).containsPattern("tongfa_account_last_post_age_days\\{"
                                + "agency=\"counting\"[^}]*channel=\"" + channel + "\"[^}]*} \\d");
                    });
                    assertThat(metrics).containsPattern("tongfa_deliveries_unconfirmed\\{[^}]*channel=\"wechat\"[^}]*} 0\\.0");
                });

        JsonNode lastYear = api.get("/api/v1/agencies/counting/counts?year=" + (year - 1)).json();
        assertThat(lastYear.get("items").asLong()).isZero();
        assertThat(lastYear.get("deliveriesTotal").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing title     | {\"agency\":\"demo\",\"bodyHtml\":\"<p>x</p>\"}                                   | title",
        "unknown agency    | {\"agency\":\"nowhere\",\"title\":\"t\",\"bodyHtml\":\"<p>x</p>\"}                 | agency",
        "unknown channel   | {\"agency\":\"demo\",\"title\":\"t\",\"bodyHtml\":\"<p>x</p>\",\"channels\":[\"portal\",\"fax\"]} | channels[1]",
        "wrong field type  | {\"agency\":\"demo\",\"title\":\"t\",\"bodyHtml\":\"<p>x</p>\",\"writtenOn\":\"yesterday\"} | writtenOn",
        "malformed JSON    | {\"agency\":\"demo\",\"title\":                                                 | ",
    })
    void invalidInputIsRefusedWithProblemDetailsAndStoresNothing(String label, String body, String field) {
        long before = itemRows();
        HubClient.Response response = api.post("/api/v1/items", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asString()).isEqualTo("请求无效");
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            List<String> fields = new ArrayList<>();
            problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
            assertThat(fields).contains(field);
            problem.get("errors").forEach(error -> assertThat(error.get("message").asString()).isNotBlank());
        }
        assertThat(itemRows()).isEqualTo(before);
    }

    @Test
    void aTitleTooLongToStoreIsAnsweredPerChannelEvenWithoutAnAgency() {
        long before = itemRows();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "字".repeat(300));
        body.put("bodyHtml", "<p>x</p>");
        body.put("channels", List.of("wechat", "portal"));

        HubClient.Response response = api.post("/api/v1/items", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        Map<String, String> byChannel = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(error -> {
            fields.add(error.get("field").asString());
            if (error.has("channel")) {
                byChannel.put(error.get("channel").asString(), error.get("message").asString());
            }
        });
        assertThat(fields).contains("agency", "title");
        assertThat(byChannel).containsOnlyKeys("portal", "wechat");
        assertThat(byChannel.get("wechat")).startsWith("微信公众号：").contains("32", "300");
        assertThat(itemRows()).isEqualTo(before);
    }

    @Test
    void problemsSpeakEnglishWhenAsked() {
        HubClient.Response response = api.send(api.request("/api/v1/items")
                .header("Content-Type", "application/json").header("Accept-Language", "en")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"agency\":\"demo\",\"bodyHtml\":\"x\"}")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("title").asString()).isEqualTo("Invalid request");
        assertThat(response.json().get("errors").get(0).get("message").asString()).isEqualTo("required");
    }

    @Test
    void apiRefusesAnonymousAndWrongPasswords() {
        HubClient.Response anonymous = api.anonymous().get("/api/v1/agencies");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.json().get("title").asString()).isEqualTo("需要登录");

        HubClient.Response wrong = new HubClient("http://localhost:" + PORT, "admin", "not-it").get("/api/v1/items");
        assertThat(wrong.status()).isEqualTo(401);

        assertThat(api.anonymous().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        JsonNode agencies = api.get("/api/v1/agencies").json();
        assertThat(agencies).hasSize(2);
        assertThat(agencies.get(0).get("channels")).hasSize(4);
    }

    @Test
    void unknownItemIsNotFound() {
        HubClient.Response response = api.get("/api/v1/items/doesnotexist0000");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asString()).contains("doesnotexist0000");
    }

    @Test
    void metricsAndApiDescriptionAreServed() {
        String id = publish(create("demo", "指标检查", List.of("portal")));
        awaitSettled(id, 1);
        String metrics = api.anonymous().get("/actuator/prometheus").body();
        assertThat(metrics).contains("tongfa_deliveries_total{")
                .containsPattern("tongfa_deliveries_total\\{[^}]*channel=\"portal\"[^}]*outcome=\"DELIVERED\"")
                .contains("tongfa_delivery_latency_seconds_count{")
                .contains("tongfa_outbox_backlog");
        HubClient.Response openApi = api.anonymous().get("/v3/api-docs");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/v1/items").contains("/api/v1/agencies/{agency}/counts");
    }

    private JsonNode create(String agency, String title, List<String> channels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", agency);
        body.put("title", title);
        body.put("summary", "为进一步改进工作，现将有关事项通知如下。");
        body.put("bodyHtml", "<p>各有关单位：现将有关事项通知如下。</p>");
        body.put("category", "业务工作");
        body.put("docType", "行政规范性文件");
        body.put("docNumber", "示信发〔2026〕3号");
        body.put("writtenOn", "2026-02-27");
        if (channels != null) {
            body.put("channels", channels);
        }
        HubClient.Response response = api.post("/api/v1/items", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private String publish(JsonNode created) {
        String id = created.get("id").asString();
        HubClient.Response response = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return id;
    }

    /** Waits until every delivery of the item left PENDING/DELIVERING, and answers the item. */
    private JsonNode awaitSettled(String id, int channels) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + id).json(), item -> {
                    JsonNode deliveries = item.get("deliveries");
                    if (deliveries.size() != channels) {
                        return false;
                    }
                    for (JsonNode delivery : deliveries) {
                        String status = delivery.get("status").asString();
                        if (status.equals("PENDING") || status.equals("DELIVERING")) {
                            return false;
                        }
                    }
                    return true;
                });
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

    @Test
    void anAnimationWechatWouldFlattenStopsSubmissionNamingTheChannel() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", "demo");
        body.put("title", "带动图的信息");
        body.put("bodyHtml", "<p>见下图。</p><img src=\"http://127.0.0.2:" + animations.port() + "/dong.gif\">");
        body.put("channels", List.of("portal", "wechat"));
        HubClient.Response created = api.post("/api/v1/items", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        HubClient.Response submitted = api.post("/api/v1/items/" + id + "/submit", "{}");

        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(400);
        JsonNode error = submitted.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("bodyHtml");
        assertThat(error.get("channel").asString()).isEqualTo("wechat");
        assertThat(error.get("message").asString()).startsWith("微信公众号：正文图片“dong.gif”是动图");
        assertThat(api.get("/api/v1/items/" + id).json().get("status").asString()).isEqualTo("DRAFT");

        // Without WeChat the same body goes through: the portal shows the animation as it is.
        body.put("channels", List.of("portal"));
        assertThat(api.put("/api/v1/items/" + id, body).status()).isEqualTo(200);
        HubClient.Response again = api.post("/api/v1/items/" + id + "/submit", "{}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
    }

    @Test
    void aCoverTooSmallForWechatsCardStopsSubmissionNamingTheChannel() {
        // The small picture reaches the library as an imported body image; its id then serves as the cover.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agency", "demo");
        body.put("title", "封面太小的信息");
        body.put("bodyHtml", "<p>正文。</p><img src=\"http://127.0.0.2:" + thumbnails.port() + "/xiao.png\">");
        body.put("channels", List.of("portal", "wechat"));
        HubClient.Response created = api.post("/api/v1/items", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        java.util.regex.Matcher media = java.util.regex.Pattern.compile("/media/([0-9a-z]+)")
                .matcher(created.json().get("bodyHtml").asString());
        assertThat(media.find()).isTrue();
        body.put("bodyHtml", "<p>正文。</p>");
        body.put("coverMediaId", media.group(1));
        HubClient.Response withCover = api.put("/api/v1/items/" + id, body);
        assertThat(withCover.status()).as(withCover.toString()).isEqualTo(200);

        HubClient.Response submitted = api.post("/api/v1/items/" + id + "/submit", "{}");

        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(400);
        JsonNode error = submitted.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("coverMediaId");
        assertThat(error.get("channel").asString()).isEqualTo("wechat");
        assertThat(error.get("message").asString()).startsWith("微信公众号：封面“xiao.png”只有 300×150 像素");
    }

    private long mediaRows() {
        return jdbc.sql("select count(*) from media").query(Long.class).single();
    }

    private long itemRows() {
        return jdbc.sql("select count(*) from item").query(Long.class).single();
    }
}
