package cn.tongfa.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;

/**
 * The embedded default as a user runs it (H2 file database, the hub's own KRaft broker, sandbox channels),
 * stopped and started again on the same data: nothing is lost and nothing is delivered twice.
 */
class EmbeddedDefaultRestartIT {

    private static final String PASSWORD = "restart-secret";

    @TempDir
    Path home;

    private final int port = FreePort.find();
    private final int kafkaPort = FreePort.find();
    private final int controllerPort = FreePort.find();
    private final HubClient api = new HubClient("http://localhost:" + port, "admin", PASSWORD);

    @Test
    void restartKeepsEverythingAndRedeliversNothing() throws Exception {
        String first;
        String scheduled;
        JsonNode firstBefore;
        Map<String, Long> pageTimes = new LinkedHashMap<>();
        try (ConfigurableApplicationContext hub = start()) {
            first = publish("重启前发布的信息");
            firstBefore = awaitDelivered(first, 4);
            for (String channel : List.of("portal", "disclosure", "wechat", "weibo")) {
                assertThat(postsOf(channel, first)).as(channel).hasSize(1);
            }
            try (var pages = Files.walk(home.resolve("portal"))) {
                // The item's own page ({agency}/{yyyyMM}/t{yyyyMMdd}_{id}.html); the lists, feeds and sitemap
                // beside it change with every later publication.
                for (Path page : pages.filter(Files::isRegularFile)
                        .filter(path -> path.getFileName().toString().matches("t\\d{8}_.+\\.html")).toList()) {
                    pageTimes.put(page.toString(), Files.getLastModifiedTime(page).toMillis());
                }
            }
            assertThat(pageTimes).hasSize(1);

            scheduled = schedule("定时发布的信息", java.time.OffsetDateTime.now().plusSeconds(20));
            assertThat(api.get("/api/v1/items/" + scheduled).json().get("status").asString()).isEqualTo("SCHEDULED");
        }
        assertThat(home.resolve("kafka/meta.properties")).exists();

        try (ConfigurableApplicationContext hub = start()) {
            JsonNode firstAfter = api.get("/api/v1/items/" + first).json();
            assertThat(firstAfter.get("deliveries")).isEqualTo(firstBefore.get("deliveries"));

            String second = publish("重启后发布的信息");
            awaitDelivered(second, 4);
            // The second item went through every worker after the restart, so each has read past the first
            // item's record by now: had it been delivered again, the simulators would hold it.
            for (String channel : List.of("disclosure", "wechat", "weibo")) {
                assertThat(postsOf(channel, first)).as(channel + " after restart").isEmpty();
                assertThat(postsOf(channel, second)).as(channel).hasSize(1);
            }
            for (Map.Entry<String, Long> page : pageTimes.entrySet()) {
                assertThat(Files.getLastModifiedTime(Path.of(page.getKey())).toMillis())
                        .as("portal page of the first item is not rewritten").isEqualTo(page.getValue());
            }
            // Scheduled before the restart, due after it: the schedule lives in the database.
            JsonNode published = awaitDelivered(scheduled, 4);
            assertThat(published.get("status").asString()).isEqualTo("PUBLISHED");
            JsonNode last = published.get("review").get(published.get("review").size() - 1);
            assertThat(last.get("decision").asString()).isEqualTo("PUBLISHED");
            assertThat(last.get("by").asString()).isEqualTo("system");

            JsonNode counts = api.get("/api/v1/agencies/demo/counts").json();
            assertThat(counts.get("items").asLong()).isEqualTo(3);
            assertThat(counts.get("deliveriesTotal").asLong()).isEqualTo(12);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TongfaHubApplication.class).run(
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/tongfa")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--tongfa.kafka.embedded.data-dir=" + home.resolve("kafka"),
                "--tongfa.kafka.embedded.port=" + kafkaPort,
                "--tongfa.kafka.embedded.controller-port=" + controllerPort,
                "--tongfa.connectors.portal.root=" + home.resolve("portal"),
                // This test is about restarts, not review: an agency whose editors publish directly.
                "--tongfa.agencies[0].id=demo", "--tongfa.agencies[0].name=示范市信访局",
                "--tongfa.agencies[0].org-code=11340000MB1234567X", "--tongfa.agencies[0].review-chain=",
                "--tongfa.schedule.poll-interval=1s",
                "--TONGFA_ADMIN_PASSWORD=" + PASSWORD);
    }

    private String schedule(String title, java.time.OffsetDateTime at) {
        HubClient.Response created = api.post("/api/v1/items", Map.of("agency", "demo", "title", title,
                "summary", "定时", "bodyHtml", "<p>正文</p>", "scheduledAt", at.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(api.post("/api/v1/items/" + id + "/publish", "").status()).isEqualTo(200);
        return id;
    }

    private String publish(String title) {
        HubClient.Response created = api.post("/api/v1/items", Map.of("agency", "demo", "title", title,
                "summary", "重启测试", "bodyHtml", "<p>正文</p>", "category", "业务工作"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(api.post("/api/v1/items/" + id + "/publish", "").status()).isEqualTo(200);
        return id;
    }

    private JsonNode awaitDelivered(String id, int channels) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/items/" + id).json(), item -> {
                    JsonNode deliveries = item.get("deliveries");
                    if (deliveries.size() != channels) {
                        return false;
                    }
                    for (JsonNode delivery : deliveries) {
                        if (!delivery.get("status").asString().equals("DELIVERED")) {
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
}
