package cn.tongfa.hub.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node KRaft Kafka broker inside the hub's process, for the embedded default. Its data lives
 * under one directory and survives restarts: the storage is formatted once, when it has never been, and
 * every later start reuses it.
 *
 * <p>Kafka's server classes are internal APIs that change between Kafka versions; this is the only class
 * that touches them. Note that Kafka's fatal-fault handler halts the JVM, as it does in a standalone broker.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    /**
     * @param dataDir        where the broker keeps its logs and metadata
     * @param port           client port on localhost (0 picks a free one)
     * @param controllerPort KRaft controller port on localhost (0 picks a free one)
     * @param overrides      extra broker properties
     */
    public EmbeddedKafkaServer(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = controllerPort == 0 ? freePort() : controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            Properties properties = properties();
            boolean formatted = Files.exists(dataDir.resolve("meta.properties"));
            if (!formatted) {
                format(properties);
            }
            server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
            server.startup();
            log.info("embedded Kafka broker ({}) listening on {} with data in {} ({} ms)",
                    formatted ? "existing data" : "new data", bootstrapServers(), dataDir,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the Kafka data directory " + dataDir, e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("embedded Kafka broker stopped");
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // One process owns every group member here: after a crash, hand its partitions over in seconds, not
        // the 45 s a cluster waits for members on other machines.
        p.put("group.consumer.min.session.timeout.ms", "6000");
        p.put("group.consumer.session.timeout.ms", "10000");
        p.put("group.min.session.timeout.ms", "6000");
        p.put("num.partitions", "6");
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void format(Properties properties) throws IOException {
        Path config = dataDir.resolveSibling(dataDir.getFileName() + ".format.properties");
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, "written once to format the embedded broker's storage");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()}, out);
        } finally {
            Files.deleteIfExists(config);
        }
        if (status != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
        log.info("formatted new Kafka storage in {}", dataDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the embedded Kafka broker", e);
        }
    }
}
