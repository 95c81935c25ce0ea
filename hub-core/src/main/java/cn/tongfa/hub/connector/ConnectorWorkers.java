package cn.tongfa.hub.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.runtime.ConnectorWorker;
import cn.tongfa.connector.runtime.DeliveryStateStore;
import cn.tongfa.connector.runtime.EventCodec;
import cn.tongfa.connector.runtime.WorkerMetrics;
import cn.tongfa.connector.runtime.WorkerSettings;

/**
 * The connector workers of this process. They start after the web server (the sandbox simulators of the
 * embedded default live there) and stop before it, finishing the deliveries under way.
 */
public class ConnectorWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectorWorkers.class);

    private final List<ConnectorWorker> workers;
    private final List<ChannelConnector> connectors;
    private final Map<String, List<String>> agencies;
    private final Duration checkTimeout;
    private volatile boolean running;

    /**
     * @param agencies     per channel, the agencies that publish to it: their credentials are checked at start-up
     * @param checkTimeout how long a start-up check of one account may take before it is given up as unverified
     */
    ConnectorWorkers(List<ChannelConnector> connectors, Map<String, WorkerSettings> settings,
            Map<String, List<String>> agencies, Duration checkTimeout,
            ConsumerFactory<String, byte[]> consumerFactory, KafkaTemplate<String, byte[]> template,
            DeliveryStateStore store, EventCodec codec, WorkerMetrics metrics, Clock clock) {
        this.connectors = List.copyOf(connectors);
        this.workers = connectors.stream()
                .map(connector -> new ConnectorWorker(connector, settings.get(connector.channel()),
                        consumerFactory, template, store, codec, metrics, clock))
                .toList();
        this.agencies = Map.copyOf(agencies);
        this.checkTimeout = checkTimeout;
    }

    @Override
    public void start() {
        for (ConnectorWorker worker : workers) {
            worker.start();
            // In the background: start-up does not wait for the channels, and one channel's answer holds up no other.
            worker.checkAccounts(agencies.getOrDefault(worker.channel(), List.of()), checkTimeout);
        }
        running = true;
        log.info("connectors running: {}", workers.stream().map(ConnectorWorker::channel).toList());
    }

    @Override
    public void stop() {
        running = false;
        for (ConnectorWorker worker : workers) {
            worker.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** The workers, for the operations gauges of their accounts. */
    public List<ConnectorWorker> workers() {
        return workers;
    }

    /** The connector of a channel hosted here, for what reaches it outside Kafka's item records. */
    public Optional<ChannelConnector> connector(String channel) {
        return connectors.stream().filter(connector -> connector.channel().equals(channel)).findFirst();
    }

    /** Per channel, the agencies that publish to it. */
    public Map<String, List<String>> agencies() {
        return agencies;
    }

    public List<String> channels() {
        return workers.stream().map(ConnectorWorker::channel).toList();
    }
}
