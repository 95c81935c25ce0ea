package cn.tongfa.bench.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub, started from hub-core's built jar in a JVM of its own (as it runs in production), with one agency
 * ({@link #AGENCY}, every channel, an empty review chain so the API publishes directly) whose four channel
 * accounts point at the simulators. Once it answers, an API token of the city administrator is made: the load
 * uses {@code Authorization: Bearer}, since BCrypt on every request would measure password hashing.
 */
public final class HubProcess implements AutoCloseable {

    public static final String AGENCY = "bench";
    public static final List<String> CHANNELS = List.of("portal", "disclosure", "wechat", "weibo");
    private static final String ADMIN_PASSWORD = "bench-admin-secret";

    private final ChildJvm jvm;
    private final int port;
    private final Database database;
    private final String kafkaBootstrap;
    private Http api;

    private HubProcess(ChildJvm jvm, int port, Database database, String kafkaBootstrap) {
        this.jvm = jvm;
        this.port = port;
        this.database = database;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** How to start a hub. */
    public record Options(
            String name,
            Path repoRoot,
            Path workDir,
            Database database,
            boolean embeddedBroker,
            String kafkaBootstrap,
            String simulatorsUrl,
            String heap,
            List<String> extraJvmArgs,
            Map<String, String> extraProperties) {
    }

    public static HubProcess start(Options o) throws IOException, InterruptedException {
        int port = Ports.free();
        Path home = Files.createDirectories(o.workDir().resolve(o.name()));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", String.valueOf(port));
        p.put("spring.datasource.url", o.database().url());
        p.put("spring.datasource.username", o.database().user());
        p.put("spring.datasource.password", o.database().password());
        if ("postgresql".equals(o.database().vendor())) {
            // The production profile: no sandbox, no demo agency; everything below is set explicitly.
            p.put("spring.profiles.active", "postgres");
        }
        String bootstrap;
        if (o.embeddedBroker()) {
            int kafkaPort = Ports.free();
            p.put("tongfa.kafka.embedded.enabled", "true");
            p.put("tongfa.kafka.embedded.data-dir", home.resolve("kafka").toString());
            p.put("tongfa.kafka.embedded.port", String.valueOf(kafkaPort));
            p.put("tongfa.kafka.embedded.controller-port", String.valueOf(Ports.free()));
            bootstrap = "localhost:" + kafkaPort;
        } else {
            p.put("tongfa.kafka.embedded.enabled", "false");
            bootstrap = o.kafkaBootstrap();
        }
        p.put("spring.kafka.bootstrap-servers", bootstrap);
        p.put("tongfa.sandbox.enabled", "false");
        p.put("tongfa.public-url", "http://localhost:" + port);
        p.put("tongfa.agencies[0].id", AGENCY);
        p.put("tongfa.agencies[0].name", "基准测试局");
        p.put("tongfa.agencies[0].org-code", "11340000MB0000000B");
        p.put("tongfa.agencies[0].review-chain", "");
        String sims = o.simulatorsUrl();
        p.put("tongfa.connectors.portal.root", home.resolve("portal").toString());
        p.put("tongfa.connectors.disclosure.endpoint", sims + "/sandbox/disclosure");
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-key", AGENCY);
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-secret", "sandbox-secret");
        p.put("tongfa.connectors.wechat.api-host", sims + "/sandbox/wechat");
        // The simulated publish job finishes on its second status poll: the interval is WeChat's only latency here.
        p.put("tongfa.connectors.wechat.poll-interval", "10ms");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".app-id", "wxbench");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".secret", "sandbox-secret");
        p.put("tongfa.connectors.weibo.api-base", sims + "/sandbox/weibo");
        p.put("tongfa.connectors.weibo.accounts." + AGENCY + ".access-token", "bench-token");
        p.put("TONGFA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        p.put("logging.level.root", "WARN");
        p.putAll(o.extraProperties());

        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx" + o.heap()));
        jvmArgs.addAll(o.extraJvmArgs());
        List<String> main = new ArrayList<>(List.of("-jar", hubJar(o.repoRoot()).toString()));
        p.forEach((k, v) -> main.add("--" + k + "=" + v));
        ChildJvm jvm = ChildJvm.start(o.name(), home, jvmArgs, main);
        HubProcess hub = new HubProcess(jvm, port, o.database(), bootstrap);
        try {
            hub.awaitUp(Duration.ofMinutes(3));
        } catch (RuntimeException | IOException | InterruptedException e) {
            jvm.close();
            throw e;
        }
        return hub;
    }

    private void awaitUp(Duration patience) throws IOException, InterruptedException {
        Http anonymous = new Http(url(), null);
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            jvm.checkAlive();
            try {
                if (anonymous.get("/actuator/health").status() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not start within " + patience + "; see " + jvm.log());
            }
            Thread.sleep(300);
        }
        Http admin = anonymous.withAuthorization(Http.basic("admin", ADMIN_PASSWORD));
        String token = admin.post("/api/v1/tokens", "").expect(201).json().get("token").asString();
        api = anonymous.withAuthorization("Bearer " + token);
    }

    /** The hub's base URL. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** An API client with the administrator's token. */
    public Http api() {
        return api;
    }

    public Database database() {
        return database;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public long pid() {
        return jvm.pid();
    }

    public ChildJvm jvm() {
        return jvm;
    }

    /**
     * The hub's used heap in bytes, from Micrometer's {@code jvm.memory.used} (area heap) through the metrics
     * endpoint: one gauge read, where a Prometheus scrape renders every meter of the hub (its cost showed in the
     * hub's own CPU profile when the sampler scraped twice a second).
     */
    public double heapUsedBytes() throws IOException, InterruptedException {
        Http.Response answer = api.get("/actuator/metrics/jvm.memory.used?tag=area:heap");
        if (answer.status() != 200) {
            throw new IOException("metrics endpoint answered " + answer.status());
        }
        return answer.json().get("measurements").get(0).get("value").asDouble();
    }

    /** Sum of a Prometheus series over its labels (0 when absent), e.g. {@code jvm_memory_used_bytes{area="heap"}}. */
    public double scrape(String metric, String labelFilter) throws IOException, InterruptedException {
        String body = new Http(url(), null).get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} ([0-9.eE+-]+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            if (labelFilter == null || m.group(1).contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        jvm.close();
    }

    static Path hubJar(Path repoRoot) throws IOException {
        try (var files = Files.list(repoRoot.resolve("hub-core/target"))) {
            return files.filter(f -> f.getFileName().toString().matches("hub-core-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst().map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException(
                            "no hub jar in hub-core/target: build it first (./bench does: ./mvnw -pl hub-core,bench -am package -DskipTests)"));
        }
    }
}
