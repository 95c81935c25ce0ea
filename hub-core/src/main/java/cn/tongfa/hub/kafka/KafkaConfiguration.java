package cn.tongfa.hub.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.Topics;

/** The broker of the embedded default, the hub's topics, and the ledger's listener container. */
@Configuration
@EnableKafka
class KafkaConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "tongfa.kafka.embedded", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    EmbeddedKafkaServer embeddedKafkaServer(KafkaSettings settings) {
        KafkaSettings.Embedded embedded = settings.embedded();
        return new EmbeddedKafkaServer(embedded.dataDir(), embedded.port(), embedded.controllerPort(),
                embedded.properties() == null ? Map.of() : embedded.properties());
    }

    /** Points every Kafka client of the hub at the embedded broker, which therefore starts before them. */
    @Bean
    @ConditionalOnProperty(prefix = "tongfa.kafka.embedded", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    KafkaConnectionDetails embeddedKafkaConnectionDetails(EmbeddedKafkaServer server) {
        return () -> List.of(server.bootstrapServers());
    }

    @Bean
    KafkaAdmin.NewTopics hubTopics(KafkaSettings settings) {
        short replicas = settings.replicationFactor();
        String minIsr = String.valueOf(Math.max(1, replicas - 1));
        NewTopic items = TopicBuilder.name(Topics.ITEMS).partitions(settings.partitions()).replicas(replicas)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr).build();
        NewTopic deliveries = TopicBuilder.name(Topics.DELIVERIES).partitions(settings.partitions())
                .replicas(replicas).config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr).build();
        NewTopic state = TopicBuilder.name(Topics.DELIVERY_STATE).partitions(3).replicas(replicas).compact()
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr).build();
        // One partition so that every connector process can simply read all of it; an hour is plenty for a hint.
        NewTopic wechatJobs = TopicBuilder.name(Topics.WECHAT_PUBLISH_JOBS).partitions(1).replicas(replicas)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(java.time.Duration.ofHours(1).toMillis()))
                .build();
        List<NewTopic> topics = new java.util.ArrayList<>(List.of(items, deliveries, state, wechatJobs));
        for (String channel : Channels.ALL) {
            topics.add(TopicBuilder.name(Topics.deadLetter(channel)).partitions(1).replicas(replicas).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /**
     * The ledger's container: batch listener, offsets committed after the batch's transaction commits, and a
     * poll that fails (database down) retried with back-off for as long as it takes, never skipped.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> ledgerContainerFactory(
            ConsumerFactory<String, byte[]> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(2);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }
}
