package cn.tongfa.hub.faults;

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
 * Everything a fault test needs, each part separately stoppable: a real Kafka broker (the hub's own embedded
 * KRaft server, restartable on the same data and ports), the channel simulators in their own web server, a
 * fresh PostgreSQL database, and the hub, either in this JVM or as a child process that can be killed with
 * SIGKILL. Ends every test with the same audit: each published item is on each of its channels exactly once,
 * the ledger has exactly one DELIVERED row per item × channel × version, and the counts equal what was published.
 */
final class FaultHarness implements AutoCloseable {

    static final String AGENCY = "fault";
    static final List<String> CHANNELS = List.of("portal", "disclosure", "wechat", "weibo");
    private static final String ADMIN_PASSWORD = "fault-admin-secret";

    final Path home;
    final int kafkaPort = FreePort.find();
    final int controllerPort = FreePort.find();
    final int simulatorPort = FreePort.find();
    final int hubPort = FreePort.find();
    final String databaseUrl;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private EmbeddedKafkaServer kafka;
    private ConfigurableApplicationContext simulators;
    private ConfigurableApplicationContext hub;
    private Process hubProcess;
    private HubClient api;
    private final HubClient simulatorClient;

    FaultHarness(Path home) {
        this.home = home;
        this.databaseUrl = TestPostgres.newDatabase();
        this.simulatorClient = new HubClient("http://localhost:" + simulatorPort, null, null);
    }

    /** Extra hub properties (before the hub starts). */
    FaultHarness with(String key, Object value) {
        extra.put(key, String.valueOf(value));
        return this;
    }

    FaultHarness startKafka() {
        kafka = new EmbeddedKafkaServer(home.resolve("kafka"), kafkaPort, controllerPort, Map.of());
        kafka.start();
        return this;
    }

    void stopKafka() {
        kafka.close();
    }

    FaultHarness startSimulators() {
        simulators = SimulatorHost.start(simulatorPort, home.resolve("portal"));
        return this;
    }

    /** Starts the hub in this JVM and waits until it serves requests. */
    FaultHarness startHub() {
        List<String> args = new ArrayList<>();
        properties().forEach((key, value) -> args.add("--" + key + "=" + value));
        hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(args.toArray(String[]::new));
        connect();
        return this;
    }

    void stopHub() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    /** Starts the hub's jar as a child process (so it can be killed) and waits until it serves requests. */
    FaultHarness startHubProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", hubJar().toString()));
        properties().forEach((key, value) -> command.add("--" + key + "=" + value));
        hubProcess = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("hub.log").toFile()))
                .start();
        connect();
        return this;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever the hub was doing. */
    void killHubProcess() throws InterruptedException {
        hubProcess.destroyForcibly();
        hubProcess.waitFor();
    }

    HubClient api() {
        return api;
    }

    HubClient simulators() {
        return simulatorClient;
    }

    /** Sets a simulated channel's faults ({@code PUT /sandbox/{channel}/faults}). */
    void faults(String channel, String json) {
        HubClient.Response response = simulatorClient.send(simulatorClient.request("/sandbox/" + channel + "/faults")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    void clearFaults(String channel) {
        simulatorClient.send(simulatorClient.request("/sandbox/" + channel + "/faults").DELETE());
    }

    /**
     * Creates and publishes {@code count} items with {@code threads} clients, retrying each step while the hub
     * cannot answer (down, restarting, database gone). Answers the ids whose publication the hub confirmed.
     */
    Set<String> publish(int count, int threads, String prefix) throws Exception {
        Set<String> confirmed = Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int i = thread; i < count; i += threads) {
                    confirmed.add(publishOne(prefix + " #" + i));
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        pool.shutdown();
        return confirmed;
    }

    String publishOne(String title) {
        JsonNode created = retrying(() -> api.post("/api/v1/items", Map.of("agency", AGENCY, "title", title,
                "summary", "故障测试", "bodyHtml", "<p>" + title + "</p>", "category", "业务工作")), 201);
        String id = created.get("id").asString();
        HubClient.Response published = retryingResponse(() -> api.post("/api/v1/items/" + id + "/publish", ""));
        if (published.status() == 409) {
            // The publication went through but its answer was lost (the hub died mid-request).
            assertThat(retrying(() -> api.get("/api/v1/items/" + id), 200).get("status").asString())
                    .isEqualTo("PUBLISHED");
        } else {
            assertThat(published.status()).as(published.toString()).isEqualTo(200);
        }
        return id;
    }

    /** Waits until every published item is delivered on every channel, then audits. */
    Audit awaitAndAudit(Duration patience) throws SQLException {
        Set<String> published = publishedItems();
        await().atMost(patience).pollInterval(Duration.ofSeconds(1))
                .until(() -> delivered() >= published.size() * (long) CHANNELS.size());
        return audit(published);
    }

    /** Every item the database holds as published. */
    Set<String> publishedItems() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from item where status = 'PUBLISHED'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    long delivered() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from delivery where status = 'DELIVERED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The figures a fault test prints and asserts on. */
    record Audit(int published, Map<String, Integer> postsPerChannel, int duplicatePosts, int missingPosts,
            int ledgerDelivered, int ledgerDuplicates, Map<String, Long> counts) {

        void print(String test) {
            System.out.printf("%n[fault-suite] %s: published=%d posts=%s duplicates=%d missing=%d ledgerDelivered=%d "
                    + "ledgerDuplicates=%d counts=%s%n", test, published, postsPerChannel, duplicatePosts,
                    missingPosts, ledgerDelivered, ledgerDuplicates, counts);
        }

        void assertExact() {
            assertThat(duplicatePosts).as("posts that appear twice on a channel").isZero();
            assertThat(missingPosts).as("published items missing on a channel").isZero();
            assertThat(ledgerDuplicates).as("ledger rows beyond one DELIVERED per item x channel x version").isZero();
            assertThat(ledgerDelivered).isEqualTo(published * CHANNELS.size());
            for (String channel : CHANNELS) {
                assertThat(counts.get(channel)).as("count of " + channel).isEqualTo((long) published);
            }
        }
    }

    Audit audit(Set<String> published) throws SQLException {
        Map<String, Integer> postsPerChannel = new LinkedHashMap<>();
        int duplicates = 0;
        int missing = 0;
        for (String channel : CHANNELS) {
            Map<String, Integer> perItem = new HashMap<>();
            JsonNode posts = simulatorClient.get("/sandbox/" + channel + "/posts").json();
            posts.forEach(post -> {
                if (!post.get("deleted").asBoolean()) {
                    perItem.merge(post.get("itemId").asString(), 1, Integer::sum);
                }
            });
            postsPerChannel.put(channel, posts.size());
            for (String id : published) {
                int copies = perItem.getOrDefault(id, 0);
                if (copies == 0) {
                    missing++;
                } else if (copies > 1) {
                    duplicates += copies - 1;
                }
            }
        }
        int ledgerDelivered;
        int ledgerDuplicates;
        try (Connection c = connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from delivery where status = 'DELIVERED'")) {
                rs.next();
                ledgerDelivered = rs.getInt(1);
            }
            try (ResultSet rs = s.executeQuery("select count(*) from (select item_id, channel, version from delivery "
                    + "group by item_id, channel, version having count(*) > 1) d")) {
                rs.next();
                ledgerDuplicates = rs.getInt(1);
            }
        }
        JsonNode counts = retrying(() -> api.get("/api/v1/agencies/" + AGENCY + "/counts"), 200);
        Map<String, Long> perChannel = new LinkedHashMap<>();
        CHANNELS.forEach(channel -> perChannel.put(channel, counts.get("deliveries").get(channel).asLong()));
        return new Audit(published.size(), postsPerChannel, duplicates, missing, ledgerDelivered, ledgerDuplicates,
                perChannel);
    }

    Connection connection() throws SQLException {
        return DriverManager.getConnection(databaseUrl, TestPostgres.user(), TestPostgres.password());
    }

    @Override
    public void close() {
        if (hubProcess != null && hubProcess.isAlive()) {
            hubProcess.destroyForcibly();
        }
        stopHub();
        if (simulators != null) {
            simulators.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private Map<String, String> properties() {
        String simulatorsUrl = "http://localhost:" + simulatorPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", String.valueOf(hubPort));
        p.put("spring.datasource.url", databaseUrl);
        p.put("spring.datasource.username", TestPostgres.user());
        p.put("spring.datasource.password", TestPostgres.password());
        p.put("spring.kafka.bootstrap-servers", "localhost:" + kafkaPort);
        p.put("tongfa.kafka.embedded.enabled", "false");
        p.put("tongfa.sandbox.enabled", "false");
        p.put("tongfa.public-url", "http://localhost:" + hubPort);
        p.put("tongfa.agencies[0].id", AGENCY);
        p.put("tongfa.agencies[0].name", "故障演练局");
        p.put("tongfa.agencies[0].review-chain", "");
        p.put("tongfa.connectors.portal.root", home.resolve("portal").toString());
        p.put("tongfa.connectors.disclosure.endpoint", simulatorsUrl + "/sandbox/disclosure");
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-key", AGENCY);
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-secret", "sandbox-secret");
        p.put("tongfa.connectors.wechat.api-host", simulatorsUrl + "/sandbox/wechat");
        p.put("tongfa.connectors.wechat.poll-interval", "100ms");
        // The simulator finishes a job within 2 s. A process stopped between draft and publish_id leaves a look-up
        // that searches for the article this long before it may post again; the 5-minute default would hold
        // the partition past the test's patience.
        p.put("tongfa.connectors.wechat.publish-timeout", "20s");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".app-id", "wxfault");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".secret", "sandbox-secret");
        p.put("tongfa.connectors.weibo.api-base", simulatorsUrl + "/sandbox/weibo");
        p.put("tongfa.connectors.weibo.accounts." + AGENCY + ".access-token", "fault-token");
        p.put("tongfa.schedule.poll-interval", "1s");
        p.put("TONGFA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        p.put("logging.level.root", "WARN");
        p.putAll(extra);
        return p;
    }

    private void connect() {
        HubClient basic = new HubClient("http://localhost:" + hubPort, "admin", ADMIN_PASSWORD);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> basic.get("/actuator/health").status() == 200);
        if (api == null) {
            // A token: BCrypt on every request would make the load tests measure password hashing.
            String token = retrying(() -> basic.post("/api/v1/tokens", ""), 201).get("token").asString();
            api = new HubClient("http://localhost:" + hubPort, null, null).withBearer(token);
        }
    }

    private static JsonNode retrying(java.util.function.Supplier<HubClient.Response> call, int expected) {
        HubClient.Response response = retryingResponse(call);
        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        return response.json();
    }

    /** Repeats a call while the hub cannot answer it (connection refused, 5xx); answers the first real answer. */
    private static HubClient.Response retryingResponse(java.util.function.Supplier<HubClient.Response> call) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(call::get, response -> response.status() < 500);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path hubJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("hub-core-.*\\.jar"))
                    .filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("build the hub jar first (mvn package)"));
        }
    }
}
