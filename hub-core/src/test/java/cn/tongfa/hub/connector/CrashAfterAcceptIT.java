package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.kafka.EmbeddedKafkaServer;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;
import cn.tongfa.hub.support.SimulatorHost;
import cn.tongfa.hub.support.TestPostgres;

/**
 * Issue 4, acceptance point 3: the connector process is killed (SIGKILL) right after each channel accepted the post
 * and before the worker recorded the outcome; the next connector process looks every post up, records it
 * {@code DELIVERED}, and no channel holds a second copy.
 *
 * <p>The hub (api, relay, ledger) runs in this JVM, the connectors in a child JVM from the hub's jar
 * ({@code tongfa.roles=connectors}), the simulators in a web server of their own, the broker is the hub's own
 * embedded KRaft server (10 s session timeout, so the killed member's partitions move on quickly). Where the
 * connector stops:
 * <ul>
 *   <li>WeChat, Weibo, disclosure: the simulator accepts the post (WeChat: the status poll that finishes the publish
 *       job) and then does not answer ({@code timeoutOnPost}, docs/sandbox-faults.md); the test waits until the
 *       simulator lists the post.</li>
 *   <li>Portal: the page is written in the connector's own process, so no simulator can hold the answer back. The
 *       child JVM runs with a JDWP agent and the test suspends the delivering thread with a breakpoint at
 *       {@code PortalConnector.receipt}, which {@code deliver} calls once the page is in place and just before it
 *       returns: the same instant, frozen.</li>
 * </ul>
 */
class CrashAfterAcceptIT {

    private static final String AGENCY = "crash";
    private static final List<String> CHANNELS = List.of("portal", "disclosure", "wechat", "weibo");
    private static final List<String> SIMULATED = List.of("disclosure", "wechat", "weibo");
    private static final String PASSWORD = "crash-admin-secret";
    private static final String PORTAL_CONNECTOR = "cn.tongfa.connector.portal.PortalConnector";

    @TempDir
    Path home;

    private final int kafkaPort = FreePort.find();
    private final int simulatorPort = FreePort.find();
    private final int hubPort = FreePort.find();
    private final String databaseUrl = TestPostgres.newDatabase();
    private final HubClient simulators = new HubClient("http://localhost:" + simulatorPort, null, null);

    @Test
    void aConnectorKilledAfterTheChannelsAcceptedLooksThePostsUpOnRestartAndPostsNothingTwice() throws Exception {
        // The killed worker's partitions move to the next one after the shortest session timeout the broker allows.
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(home.resolve("kafka"), kafkaPort, FreePort.find(),
                Map.of("group.consumer.session.timeout.ms", "6000"));
        kafka.start();
        ConfigurableApplicationContext simulatorHost = SimulatorHost.start(simulatorPort, home.resolve("portal"));
        ConfigurableApplicationContext hub = null;
        Worker first = null;
        Worker second = null;
        PortalBreakpoint breakpoint = null;
        try {
            // The first worker boots while the hub does.
            int debugPort = FreePort.find();
            first = new Worker("first", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:"
                    + debugPort);
            List<String> args = new ArrayList<>();
            properties(hubPort, "api,relay,ledger").forEach((k, v) -> args.add("--" + k + "=" + v));
            hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(args.toArray(String[]::new));
            HubClient api = new HubClient("http://localhost:" + hubPort, "admin", PASSWORD);
            first.awaitUp();
            PortalBreakpoint portal = PortalBreakpoint.attach(debugPort);
            breakpoint = portal;
            for (String channel : SIMULATED) {
                // Long enough that only the kill ends the call: the connectors' read timeouts are longer still.
                HubClient.Response set = simulators.send(simulators.request("/sandbox/" + channel + "/faults")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"timeoutRate\":1,\"timeoutMs\":90000,\"timeoutOnPost\":true}")));
                assertThat(set.status()).as(set.toString()).isEqualTo(200);
            }

            String id = publish(api, "关于公布信访事项复查复核结果的公告");

            // Every channel accepted the post, and none has answered the connector.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> SIMULATED.stream().allMatch(channel -> livePosts(channel, id) == 1)
                            && portal.hit() && livePosts("portal", id) == 1);
            // The replacement starts while the first worker still hangs in its calls: it joins the group but gets
            // none of the first worker's partitions, whose consumers are stuck mid-poll and cannot hand them over.
            second = new Worker("second", null);
            second.awaitUp();
            assertThat(second.deliveredSoFar()).as("the replacement has delivered nothing yet").isZero();
            Map<String, JsonNode> before = byChannel(api.get("/api/v1/items/" + id).json());
            for (String channel : CHANNELS) {
                String status = before.containsKey(channel) ? before.get(channel).get("status").asString() : "none";
                assertThat(status).as(channel + " before the kill: " + before).isNotEqualTo("DELIVERED");
            }
            assertThat(first.deliveredSoFar()).as("outcomes the first worker settled").isZero();

            first.kill();
            for (String channel : SIMULATED) {
                simulators.send(simulators.request("/sandbox/" + channel + "/faults").DELETE());
            }

            JsonNode item = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.get("/api/v1/items/" + id).json(), current -> CHANNELS.stream()
                            .allMatch(channel -> byChannel(current).containsKey(channel)
                                    && byChannel(current).get(channel).get("status").asString().equals("DELIVERED")));
            Map<String, JsonNode> after = byChannel(item);
            Map<String, Double> found = second.metric("tongfa_delivery_lookups_total", "answer", "found");
            Map<String, Double> notFound = second.metric("tongfa_delivery_lookups_total", "answer", "not_found");
            Map<String, Double> delivered = second.metric("tongfa_deliveries_total", "outcome", "DELIVERED");
            System.out.printf("%n[crash-after-accept] after the restart: look-ups found %s, not found %s, "
                    + "delivered %s; ledger %s%n", found, notFound, delivered, after);
            for (String channel : CHANNELS) {
                assertThat(livePosts(channel, id)).as(channel + ": copies on the channel").isEqualTo(1);
                assertThat(found.get(channel)).as(channel + ": the second worker looked the post up").isEqualTo(1.0);
                assertThat(notFound.getOrDefault(channel, 0.0)).as(channel).isZero();
                assertThat(delivered.get(channel)).as(channel + ": settled by the second worker").isEqualTo(1.0);
                assertThat(after.get(channel).get("ref").asString()).as(channel).isNotBlank();
                assertThat(after.get(channel).get("attempts").asInt()).as(channel + ": the first worker's call only")
                        .isEqualTo(1);
            }
            // The receipts are those of the posts the first worker made.
            assertThat(after.get("weibo").get("ref").asString()).isEqualTo(onlyPost("weibo", id).get("postId").asString());
            assertThat(after.get("wechat").get("ref").asString()).isEqualTo(onlyPost("wechat", id).get("postId").asString());
            assertThat(after.get("disclosure").get("ref").asString())
                    .isEqualTo(onlyPost("disclosure", id).get("postId").asString());
            assertThat(count("select count(*) from delivery where item_id = '" + id + "' and status = 'DELIVERED'"))
                    .isEqualTo(CHANNELS.size());
        } finally {
            if (breakpoint != null) {
                breakpoint.close();
            }
            if (first != null) {
                first.kill();
            }
            if (second != null) {
                second.kill();
            }
            if (hub != null) {
                hub.close();
            }
            simulatorHost.close();
            kafka.close();
        }
    }

    /**
     * Suspends the portal connector's delivering thread where {@code deliver} has written the page and builds the
     * receipt it is about to return, before the worker can record anything.
     */
    private static final class PortalBreakpoint implements AutoCloseable {

        private final VirtualMachine vm;
        private final CountDownLatch hit = new CountDownLatch(1);
        private final Thread events;

        private PortalBreakpoint(VirtualMachine vm) {
            this.vm = vm;
            List<ReferenceType> types = vm.classesByName(PORTAL_CONNECTOR);
            assertThat(types).as(PORTAL_CONNECTOR + " is loaded once the worker is up").isNotEmpty();
            List<Method> receipt = types.get(0).methodsByName("receipt");
            assertThat(receipt).as("PortalConnector.receipt(ItemEvent), called by deliver() once the page is in "
                    + "place; this test stops the portal connector there").hasSize(1);
            BreakpointRequest request = vm.eventRequestManager().createBreakpointRequest(receipt.get(0).location());
            request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            request.enable();
            events = new Thread(this::listen, "portal-breakpoint");
            events.setDaemon(true);
            events.start();
        }

        static PortalBreakpoint attach(int port) throws Exception {
            AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                    .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach"))
                    .findFirst().orElseThrow();
            Map<String, Connector.Argument> arguments = socket.defaultArguments();
            arguments.get("hostname").setValue("127.0.0.1");
            arguments.get("port").setValue(Integer.toString(port));
            return new PortalBreakpoint(socket.attach(arguments));
        }

        boolean hit() {
            return hit.getCount() == 0;
        }

        private void listen() {
            try {
                while (true) {
                    EventSet set = vm.eventQueue().remove();
                    for (Event event : set) {
                        if (event instanceof BreakpointEvent) {
                            // Left suspended: this thread never returns the receipt.
                            hit.countDown();
                        } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                            return;
                        } else {
                            set.resume();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (com.sun.jdi.VMDisconnectedException e) {
                // The worker was killed.
            }
        }

        @Override
        public void close() {
            events.interrupt();
        }
    }

    /** A connector worker: the hub's jar with role connectors, in a process of its own. */
    private final class Worker {

        final int port = FreePort.find();
        final String name;
        final Process process;
        final HubClient client = new HubClient("http://localhost:" + port, null, null);

        Worker(String name, String jvmOption) throws IOException {
            this.name = name;
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1"));
            if (jvmOption != null) {
                command.add(jvmOption);
            }
            command.addAll(List.of("-jar", hubJar().toString()));
            properties(port, "connectors").forEach((k, v) -> command.add("--" + k + "=" + v));
            process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile())).start();
        }

        void awaitUp() throws IOException {
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> !process.isAlive() || client.get("/actuator/health").status() == 200);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(name + " worker not up; its log ends:\n" + tail(), e);
            }
            assertThat(process.isAlive()).as(name + " worker died; its log ends:\n" + tail()).isTrue();
        }

        private String tail() throws IOException {
            List<String> lines = Files.readAllLines(home.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }

        long deliveredSoFar() {
            return Math.round(metric("tongfa_deliveries_total", "outcome", "DELIVERED").values().stream()
                    .mapToDouble(Double::doubleValue).sum());
        }

        /** A counter of this worker, per channel, for the series whose label has the value. */
        Map<String, Double> metric(String name, String label, String value) {
            String scrape = client.get("/actuator/prometheus").body();
            Matcher series = Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.E+-]+)$").matcher(scrape);
            Map<String, Double> byChannel = new HashMap<>();
            while (series.find()) {
                String labels = series.group(1);
                Matcher channel = Pattern.compile("channel=\"([a-z]+)\"").matcher(labels);
                if (labels.contains(label + "=\"" + value + "\"") && channel.find()) {
                    byChannel.merge(channel.group(1), Double.parseDouble(series.group(2)), Double::sum);
                }
            }
            return byChannel;
        }

        /** SIGKILL: no shutdown hook, nothing flushed. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("worker killed").isTrue();
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
        p.put("tongfa.agencies[0].name", "示范市信访局");
        p.put("tongfa.agencies[0].org-code", "11340000MB1234567X");
        p.put("tongfa.agencies[0].review-chain", "");
        p.put("tongfa.connectors.portal.root", home.resolve("portal").toString());
        p.put("tongfa.connectors.disclosure.endpoint", sims + "/sandbox/disclosure");
        p.put("tongfa.connectors.disclosure.read-timeout", "120s");
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-key", AGENCY);
        p.put("tongfa.connectors.disclosure.accounts." + AGENCY + ".app-secret", "sandbox-secret");
        p.put("tongfa.connectors.wechat.api-host", sims + "/sandbox/wechat");
        p.put("tongfa.connectors.wechat.poll-interval", "100ms");
        p.put("tongfa.connectors.wechat.request-timeout", "120s");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".app-id", "wxcrash");
        p.put("tongfa.connectors.wechat.accounts." + AGENCY + ".secret", "sandbox-secret");
        p.put("tongfa.connectors.weibo.api-base", sims + "/sandbox/weibo");
        p.put("tongfa.connectors.weibo.read-timeout", "120s");
        p.put("tongfa.connectors.weibo.accounts." + AGENCY + ".access-token", "crash-token");
        p.put("tongfa.connectors.worker.concurrency", "1");
        p.put("TONGFA_ADMIN_PASSWORD", PASSWORD);
        p.put("logging.level.root", "WARN");
        p.put("logging.level.cn.tongfa", "INFO");
        return p;
    }

    private static String publish(HubClient api, String title) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("agency", AGENCY);
        request.put("title", title);
        request.put("summary", "复查复核结果公告如下。");
        request.put("bodyHtml", "<p>复查复核结果公告如下。</p>");
        request.put("category", "业务工作");
        HubClient.Response created = api.post("/api/v1/items", request);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        HubClient.Response published = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return id;
    }

    private long livePosts(String channel, String itemId) {
        return posts(channel, itemId).stream().filter(post -> !post.get("deleted").asBoolean()).count();
    }

    private JsonNode onlyPost(String channel, String itemId) {
        List<JsonNode> posts = posts(channel, itemId);
        assertThat(posts).as(channel).hasSize(1);
        return posts.get(0);
    }

    private List<JsonNode> posts(String channel, String itemId) {
        List<JsonNode> mine = new ArrayList<>();
        simulators.get("/sandbox/" + channel + "/posts").json().forEach(post -> {
            if (itemId.equals(post.get("itemId").asString())) {
                mine.add(post);
            }
        });
        return mine;
    }

    private static Map<String, JsonNode> byChannel(JsonNode item) {
        Map<String, JsonNode> byChannel = new HashMap<>();
        item.get("deliveries").forEach(delivery -> byChannel.put(delivery.get("channel").asString(), delivery));
        return byChannel;
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
