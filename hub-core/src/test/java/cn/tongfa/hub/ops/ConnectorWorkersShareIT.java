package cn.tongfa.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * docker-compose.yml's split, for real: the hub with roles api, relay and ledger in this JVM, and two connector
 * workers, each the hub's jar started with {@code tongfa.roles=connectors}, against one Kafka broker and one
 * PostgreSQL. 1,000 items go through while both share the partitions; one worker is stopped halfway and the other
 * takes its partitions over. Nothing is lost, nothing is posted twice (the fault suite's audit, adapted from
 * {@code faults/FaultHarness}).
 */
class ConnectorWorkersShareIT {

    private static final String AGENCY = "ops";
    private static final List<String> CHANNELS = List.of("portal", "disclosure", "wechat", "weibo");
    private static final String PASSWORD = "workers-secret";
    private static final int ITEMS = 1000;

    @TempDir
    Path home;

    private final int kafkaPort = FreePort.find();
    private final int simulatorPort = FreePort.find();
    private final int hubPort = FreePort.find();
    private final String databaseUrl = TestPostgres.newDatabase();

    @Test
    void twoConnectorWorkersShareThePartitionsAndOneCanStopHalfway() throws Exception {
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(home.resolve("kafka"), kafkaPort, FreePort.find(), Map.of());
        kafka.start();
        ConfigurableApplicationContext simulators = SimulatorHost.start(simulatorPort, home.resolve("portal"));
        ConfigurableApplicationContext hub = null;
        Worker first = null;
        Worker second = null;
        try {
            Map<String, String> hubProperties = properties(hubPort, "api,relay,ledger");
            List<String> args = new ArrayList<>();
            hubProperties.forEach((k, v) -> args.add("--" + k + "=" + v));
            hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(args.toArray(String[]::new));
            assertThat(hub.containsBean("connectorWorkers")).as("the hub hosts no connector").isFalse();
            HubClient basic = new HubClient("http://localhost:" + hubPort, "admin", PASSWORD);
            String token = basic.post("/api/v1/tokens", "").json().get("token").asString();
            HubClient api = new HubClient("http://localhost:" + hubPort, null, null).withBearer(token);

            first = new Worker("first");
            second = new Worker("second");
            first.awaitUp();
            second.awaitUp();

            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            Set<String> published = Collections.synchronizedSet(new HashSet<>());
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = thread; i < ITEMS; i += 4) {
                        published.add(publish(api, "两个连接器进程 #" + i));
                    }
                    return null;
                }));
            }
            // Halfway through the deliveries, both workers have delivered (they share the partitions); stop one.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> delivered() >= ITEMS * CHANNELS.size() / 2);
            long byFirst = first.delivered();
            long bySecond = second.delivered();
            first.stop();
            for (Future<?> future : work) {
                future.get();
            }
            pool.shutdown();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> delivered() >= ITEMS * (long) CHANNELS.size());
            long seconds = (System.nanoTime() - started) / 1_000_000_000;

            Map<String, Integer> duplicates = new LinkedHashMap<>();
            Map<String, Integer> missing = new LinkedHashMap<>();
            HubClient sims = new HubClient("http://localhost:" + simulatorPort, null, null);
            for (String channel : CHANNELS) {
                Map<String, Integer> perItem = new HashMap<>();
                sims.get("/sandbox/" + channel + "/posts").json().forEach(post -> {
                    if (!post.get("deleted").asBoolean()) {
                        perItem.merge(post.get("itemId").asString(), 1, Integer::sum);
                    }
                });
                duplicates.put(channel, (int) perItem.values().stream().filter(n -> n > 1).count());
                missing.put(channel, (int) published.stream().filter(id -> !perItem.containsKey(id)).count());
            }
            System.out.printf("%n[operations] 1,000 items, two connector workers, one stopped halfway (%d s): "
                    + "delivered by the first before the stop %d, by the second %d; duplicates %s, missing %s%n",
                    seconds, byFirst, bySecond, duplicates, missing);
            assertThat(published).hasSize(ITEMS);
            assertThat(byFirst).as("the first worker delivered its share").isPositive();
            assertThat(bySecond).as("the second worker delivered its share").isPositive();
            assertThat(duplicates.values()).as("items posted twice").containsOnly(0);
            assertThat(missing.values()).as("items missing on a channel").containsOnly(0);
            assertThat(delivered()).isEqualTo(ITEMS * (long) CHANNELS.size());
            assertThat(ledgerDuplicates()).isZero();
        } finally {
            if (first != null) {
                first.kill();
            }
            if (second != null) {
                second.kill();
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
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.get("/actuator/health").status() == 200);
        }

        /** Deliveries this worker reported, from its own metrics. */
        long delivered() {
            String scrape = client.get("/actuator/prometheus").body();
            Matcher m = Pattern.compile("(?m)^tongfa_deliveries_total\\{[^}]*outcome=\"DELIVERED\"[^}]*} ([0-9.E]+)$")
                    .matcher(scrape);
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return (long) total;
        }

        /** SIGTERM: the graceful stop of a scaled-down container. */
        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("worker stopped").isTrue();
        }

        void kill() {
            process.destroyForcibly();
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
        p.put("tongfa.agencies[0].name", "运维演练局");
        p.put("tongfa.agencies[0].review-chain", "");
        p.put("tongfa.connectors.portal.root", home.resolve("portal").toString());
        p.put("tongfa.connectors.disclosure.endpoint", sims + "/sandbox/disclosure");
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-key", AGENCY);
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-secret", "sandbox-secret");
        p.put("tongfa.connectors.wechat.api-host", sims + "/sandbox/wechat");
        p.put("tongfa.connectors.wechat.poll-interval", "100ms");
        // The simulator finishes a job within 2 s. A process stopped between draft and publish_id leaves a look-up
        // that searches for the article this long before it may post again; the 5-minute default would hold
        // the partition past the test's patience.
        p.put("tongfa.connectors.wechat.publish-timeout", "20s");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".app-id", "wxops");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".secret", "sandbox-secret");
        p.put("tongfa.connectors.weibo.api-base", sims + "/sandbox/weibo");
        p.put("tongfa.connectors.weibo.accounts." + AGENCY + ".access-token", "ops-token");
        p.put("TONGFA_ADMIN_PASSWORD", PASSWORD);
        p.put("logging.level.root", "WARN");
        return p;
    }

    private String publish(HubClient api, String title) {
        JsonNode created = api.post("/api/v1/items", Map.of("agency", AGENCY, "title", title, "summary", "运维",
                "bodyHtml", "<p>" + title + "</p>", "category", "业务工作")).json();
        String id = created.get("id").asString();
        HubClient.Response published = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return id;
    }

    private long delivered() throws SQLException {
        return count("select count(*) from delivery where status = 'DELIVERED'");
    }

    private long ledgerDuplicates() throws SQLException {
        return count("select count(*) from (select item_id, channel, version from delivery "
                + "group by item_id, channel, version having count(*) > 1) d");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(databaseUrl, TestPostgres.user(), TestPostgres.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
