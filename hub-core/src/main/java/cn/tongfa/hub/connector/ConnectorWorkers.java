package cn.tongfa.hub.connector;

import java.time.Clock;
import java.util.List;
import java.util.Map;

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
    private volatile boolean running;

    ConnectorWorkers(List<ChannelConnector> connectors, Map<String, WorkerSettings> settings,
            ConsumerFactory<String, byte[]> consumerFactory, KafkaTemplate<String, byte[]> template,
            DeliveryStateStore store, EventCodec codec, WorkerMetrics metrics, Clock clock) {
        this.workers = connectors.stream()
                .map(connector -> new ConnectorWorker(connector, settings.get(connector.channel()),
                        consumerFactory, template, store, codec, metrics, clock))
                .toList();
    }

    @Override
    public void start() {
        for (ConnectorWorker worker : workers) {
            worker.start();
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

    public List<String> channels() {
        return workers.stream().map(ConnectorWorker::channel).toList();
    }
}
