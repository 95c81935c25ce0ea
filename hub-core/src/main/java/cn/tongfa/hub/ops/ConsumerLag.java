package cn.tongfa.hub.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.runtime.ConnectorWorker;

/**
 * Consumer lag of each connector's group on {@code hub.items.v1}: end offsets minus committed offsets, summed
 * over the partitions. Asked of the broker (not of the consumers), so the hub sees the lag of connector workers
 * running in other processes too. A group that has not committed yet counts from the beginning of the topic.
 */
@Component
class ConsumerLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaAdmin kafkaAdmin;
    private Admin admin;

    ConsumerLag(KafkaAdmin kafkaAdmin) {
        this.kafkaAdmin = kafkaAdmin;
    }

    /** Lag per channel; empty when the broker cannot answer now. */
    synchronized Map<String, Long> perChannel() {
        try {
            if (admin == null) {
                admin = Admin.create(kafkaAdmin.getConfigurationProperties());
            }
            TopicDescription topic = admin.describeTopics(List.of(Topics.ITEMS)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(Topics.ITEMS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            topic.partitions().forEach(p -> {
                latest.put(new TopicPartition(Topics.ITEMS, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(Topics.ITEMS, p.partition()), OffsetSpec.earliest());
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> lag = new LinkedHashMap<>();
            for (String channel : Channels.ALL) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(ConnectorWorker.groupId(channel)).partitionsToOffsetAndMetadata()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long total = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    long from = at != null ? at.offset() : starts.get(end.getKey()).offset();
                    total += Math.max(0, end.getValue().offset() - from);
                }
                lag.put(channel, total);
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("consumer lag not available: {}", e.toString());
            return Map.of();
        }
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(TIMEOUT);
        }
    }
}
