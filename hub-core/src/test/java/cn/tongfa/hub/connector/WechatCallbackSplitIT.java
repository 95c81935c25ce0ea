package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.kafka.EmbeddedKafkaServer;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;
import cn.tongfa.hub.support.SimulatorHost;
import cn.tongfa.hub.support.TestPostgres;

/**
 * The callback in docker-compose.yml's split: WeChat (the simulator, in its own server) pushes
 * {@code PUBLISHJOBFINISH} in safe mode to the hub (roles api, relay, ledger: no connector in it), while the
 * deliveries wait in two connector worker processes (the hub's jar with {@code tongfa.roles=connectors}). The
 * workers poll only every ten minutes, so every item delivered within the test's patience was ended by an event
 * that went hub → {@code hub.wechat-publish-jobs.v1} → the worker that waited for it.
 */
class WechatCallbackSplitIT {

    private static final String AGENCY = "split";
    private static final String APP_ID = "wxsplit";
    private static final String TOKEN = "splitCallbackToken";
    private static final String AES_KEY = "SplitDeploymentEncodingAESKey0123456789abcd";
    private static final String PASSWORD = "split-secret";
    private static final int ITEMS = 8;

    @TempDir
    Path home;

    private final int kafkaPort = FreePort.find();
    private final int simulatorPort = FreePort.find();
    private final int hubPort = FreePort.find();
    private final String databaseUrl = TestPostgres.newDatabase();

    @Test
    void theHubReceivesTheCallbackAndTheWaitingWorkerGetsIt() throws Exception {
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(home.resolve("kafka"), kafkaPort, FreePort.find(), Map.of());
        kafka.start();
        ConfigurableApplicationContext simulators = SimulatorHost.start(simulatorPort, home.resolve("portal"), Map.of(
                "tongfa.sandbox.wechat.callbacks." + APP_ID + ".url",
                "http://localhost:" + hubPort + "/callbacks/wechat/" + AGENCY,
                "tongfa.sandbox.wechat.callbacks." + APP_ID + ".token", TOKEN,
                "tongfa.sandbox.wechat.callbacks." + APP_ID + ".aes-key", AES_KEY,
                "tongfa.sandbox.wechat.callbacks." + APP_ID + ".delay", "500ms"));
        ConfigurableApplicationContext hub = null;
        List<Worker> workers = new ArrayList<>();
        try {
            List<String> args = new ArrayList<>();
            properties(hubPort, "api,relay,ledger").forEach((k, v) -> args.add("--" + k + "=" + v));
            hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(args.toArray(String[]::new));
            assertThat(hub.containsBean("connectorWorkers")).as("the hub hosts no connector").isFalse();
            HubClient api = new HubClient("http://localhost:" + hubPort, "admin", PASSWORD);
            workers.add(new Worker("first"));
            workers.add(new Worker("second"));
            for (Worker worker : workers) {
                worker.awaitUp();
            }

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                ids.add(publish(api, "分拆部署回调测试第" + (i + 1) + "号"));
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ids.stream().allMatch(id -> "DELIVERED".equals(wechatStatus(api, id))));

            HubClient sims = new HubClient("http://localhost:" + simulatorPort, null, null);
            List<Integer> polls = new ArrayList<>();
            for (JsonNode post : sims.get("/sandbox/wechat/posts").json()) {
                String publishId = post.get("detail").get("publishId").asString();
                polls.add(sims.get("/sandbox/wechat/jobs/" + publishId).json().get("polls").asInt());
            }
            long byFirst = workers.get(0).delivered();
            long bySecond = workers.get(1).delivered();
            System.out.printf("%n[wechat-callbacks] %d items through the split: WeChat deliveries by the first worker"
                    + " %d, by the second %d; freepublish/get calls per job %s%n", ITEMS, byFirst, bySecond, polls);
            assertThat(polls).as("one poll per job, right after submission").hasSize(ITEMS).containsOnly(1);
            assertThat(byFirst + bySecond).isEqualTo(ITEMS);
            String pushes = sims.get("/sandbox/wechat/callbacks").body();
            assertThat(pushes).doesNotContain("\"httpStatus\":403");
        } finally {
            for (Worker worker : workers) {
                worker.kill();
            }
            if (hub != null) {
                hub.close();
            }
            simulators.close();
            kafka.close();
        }
    }

    /** A connector worker: the hub's jar with role connectors, in a process of its own. */
    private final class Worker {

        final int port = FreePort.find();
        final Process process;
        final HubClient client = new HubClient("http://localhost:" + port, null, null);

        Worker(String name) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", hubJar().toString()));
            properties(port, "connectors").forEach((k, v) -> command.add("--" + k + "=" + v));
            process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile())).start();
        }

        void awaitUp() {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.get("/actuator/health").status() == 200);
        }

        /** WeChat deliveries this worker reported, from its own metrics. */
        long delivered() {
            String scrape = client.get("/actuator/prometheus").body();
            Matcher m = Pattern.compile("(?m)^tongfa_deliveries_total\\{[^}]*channel=\"wechat\"[^}]*outcome=\"DELIVERED\""
                    + "[^}]*} ([0-9.E]+)$").matcher(scrape);
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return (long) total;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> properties(int port, String roles) {
        String sims = "http://localhost:" + simulatorPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", String.valueOf(port));
        p.put("tongfa.roles", roles);
        p.put("spring.datasource.url", databaseUrl);
        p.put("spring.datasource.username", TestPostgres.user());
        p.put("spring.datasource.password", TestPostgres.password());
        p.put("spring.kafka.bootstrap-servers", "localhost:" + kafkaPort);
        p.put("tongfa.kafka.embedded.enabled", "false");
        p.put("tongfa.sandbox.enabled", "false");
        p.put("tongfa.public-url", "http://localhost:" + hubPort);
        p.put("tongfa.agencies[0].id", AGENCY);
        p.put("tongfa.agencies[0].name", "分拆部署局");
        p.put("tongfa.agencies[0].review-chain", "");
        p.put("tongfa.agencies[0].channels", "portal,wechat");
        p.put("tongfa.connectors.enabled", "portal,wechat");
        p.put("tongfa.connectors.portal.root", home.resolve("portal").toString());
        p.put("tongfa.connectors.wechat.api-host", sims + "/sandbox/wechat");
        p.put("tongfa.connectors.wechat.poll-interval", "10m");
        p.put("tongfa.connectors.wechat.publish-timeout", "20m");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".app-id", APP_ID);
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".secret", "sandbox-secret");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".token", TOKEN);
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".aes-key", AES_KEY);
        p.put("TONGFA_ADMIN_PASSWORD", PASSWORD);
        p.put("logging.level.root", "WARN");
        p.put("logging.level.cn.tongfa", "INFO");
        return p;
    }

    private static String publish(HubClient api, String title) {
        JsonNode created = api.post("/api/v1/items", Map.of("agency", AGENCY, "title", title, "summary", "分拆部署",
                "bodyHtml", "<p>" + title + "</p>", "category", "业务工作")).json();
        String id = created.get("id").asString();
        HubClient.Response published = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return id;
    }

    private static String wechatStatus(HubClient api, String id) {
        for (JsonNode delivery : api.get("/api/v1/items/" + id).json().get("deliveries")) {
            if ("wechat".equals(delivery.get("channel").asString())) {
                return delivery.get("status").asString();
            }
        }
        return null;
    }

    private static Path hubJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("hub-core-.*\\.jar"))
                    .filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst().map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("build the hub jar first (mvn package)"));
        }
    }
}
