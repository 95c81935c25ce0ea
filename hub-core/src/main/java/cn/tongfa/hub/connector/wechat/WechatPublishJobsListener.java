package cn.tongfa.hub.connector.wechat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.wechat.PublishJobFinished;
import cn.tongfa.connector.wechat.WechatConnector;

/**
 * Hands the publish-job ends the callback endpoint put on {@value Topics#WECHAT_PUBLISH_JOBS} to this process's
 * WeChat connector. Each connector process reads every partition from its current end, without a consumer
 * group: any of them may be the one waiting for a given job, and an event from before the process started
 * concerns no delivery it waits for.
 */
final class WechatPublishJobsListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WechatPublishJobsListener.class);

    private final WechatConnector connector;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final JsonMapper json;
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread reader;

    /** @param connector this process's WeChat connector, or null when it runs none (the listener stays idle) */
    WechatPublishJobsListener(WechatConnector connector, Supplier<Consumer<String, byte[]>> consumers,
            JsonMapper json) {
        this.connector = connector;
        this.consumers = consumers;
        this.json = json;
    }

    static Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "latest");
        return properties;
    }

    @Override
    public synchronized void start() {
        if (running || connector == null) {
            return;
        }
        running = true;
        reader = new Thread(this::readLoop, "tongfa-wechat-publish-jobs");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread thread = reader;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void readLoop() {
        int failures = 0;
        while (running) {
            try (Consumer<String, byte[]> c = consumers.get()) {
                consumer = c;
                List<TopicPartition> partitions = List.of();
                while (running && partitions.isEmpty()) {
                    partitions = c.partitionsFor(Topics.WECHAT_PUBLISH_JOBS, Duration.ofSeconds(10)).stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                }
                c.assign(partitions);
                c.seekToEnd(partitions);
                log.info("WeChat publish-job events read from {} partition(s) of {}", partitions.size(),
                        Topics.WECHAT_PUBLISH_JOBS);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        hand(record);
                    }
                    failures = 0;
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                failures++;
                log.warn("Reading {} failed ({}); polling covers the WeChat jobs meanwhile", Topics.WECHAT_PUBLISH_JOBS,
                        e.toString());
                try {
                    Thread.sleep(Math.min(30_000, 500L << Math.min(failures, 6)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void hand(ConsumerRecord<String, byte[]> record) {
        PublishJobFinished event;
        try {
            event = json.readValue(record.value(), PublishJobFinished.class);
        } catch (RuntimeException e) {
            log.warn("Unreadable record at offset {} of {} skipped: {}", record.offset(), Topics.WECHAT_PUBLISH_JOBS,
                    e.toString());
            return;
        }
        connector.publishJobFinished(event);
    }
}
