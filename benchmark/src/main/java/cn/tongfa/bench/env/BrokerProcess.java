package cn.tongfa.bench.env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** {@link BrokerMain} in a JVM of its own (1 GiB heap), waited for until it answers an admin request. */
public final class BrokerProcess implements AutoCloseable {

    private final ChildJvm jvm;
    private final int port;

    private BrokerProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    public static BrokerProcess start(Path workDir) throws IOException, InterruptedException {
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.start("broker", workDir, List.of("-Xmx1g", "-Xms1g"),
                ChildJvm.benchClassPath(BrokerMain.class.getName(), workDir.resolve("kafka").toString(),
                        String.valueOf(port), String.valueOf(Ports.free())));
        BrokerProcess broker = new BrokerProcess(jvm, port);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            jvm.checkAlive();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return broker;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    jvm.close();
                    throw new IllegalStateException("the broker did not start; see " + jvm.log(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return jvm.pid();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
