package cn.tongfa.connector.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Topics;

/**
 * One real KRaft broker for a test class, with the hub's topics created the way production needs them, and
 * clients configured like the hub's: acks=all, earliest, no auto-commit.
 */
final class TestKafka implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker broker;
    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private final KafkaTemplate<String, byte[]> template;
    private final DefaultKafkaConsumerFactory<String, byte[]> consumerFactory;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private TestKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
        producerFactory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
        template = new KafkaTemplate<>(producerFactory);
        consumerFactory = new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Starts a broker and creates the items, deliveries, delivery-state and the channels' dead-letter topics. */
    static TestKafka start(String... channels) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperty("group.initial.rebalance.delay.ms", 0);
        broker.afterPropertiesSet();
        List<NewTopic> topics = new ArrayList<>(List.of(
                new NewTopic(Topics.ITEMS, PARTITIONS, (short) 1),
                new NewTopic(Topics.DELIVERIES, PARTITIONS, (short) 1),
                new NewTopic(Topics.DELIVERY_STATE, PARTITIONS, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        for (String channel : channels) {
            topics.add(new NewTopic(Topics.deadLetter(channel), 1, (short) 1));
        }
        broker.addTopics(topics.toArray(NewTopic[]::new));
        return new TestKafka(broker);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    EmbeddedKafkaKraftBroker broker() {
        return broker;
    }

    KafkaTemplate<String, byte[]> template() {
        return template;
    }

    DefaultKafkaConsumerFactory<String, byte[]> consumerFactory() {
        return consumerFactory;
    }

    /** A state store reading {@link Topics#DELIVERY_STATE}, started; closed with this broker. */
    KafkaDeliveryStateStore startStore(EventCodec codec) {
        return startStore(codec, new Properties());
    }

    KafkaDeliveryStateStore startStore(EventCodec codec, Properties consumerOverrides) {
        return startStore(codec, consumerOverrides, KafkaDeliveryStateStore.DEFAULT_KEPT_WHOLE);
    }

    /** A store that keeps only {@code keptWhole} settled deliveries whole and compacts the others. */
    KafkaDeliveryStateStore startStore(EventCodec codec, int keptWhole) {
        return startStore(codec, new Properties(), keptWhole);
    }

    private KafkaDeliveryStateStore startStore(EventCodec codec, Properties consumerOverrides, int keptWhole) {
        KafkaDeliveryStateStore store = new KafkaDeliveryStateStore(template,
                () -> storeConsumer(consumerOverrides), codec, keptWhole);
        store.start();
        closeables.add(store);
        return store;
    }

    private Consumer<String, byte[]> storeConsumer(Properties overrides) {
        return consumerFactory.createConsumer(null, "tongfa-delivery-state", null, overrides);
    }

    /** A worker on this broker with the system clock and a meter registry of its own; not started. */
    ConnectorWorker worker(ChannelConnector connector, WorkerSettings settings, DeliveryStateStore store) {
        return new ConnectorWorker(connector, settings, consumerFactory, template, store, new EventCodec(),
                new WorkerMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    }

    TopicRecorder record(String topic) {
        TopicRecorder recorder = new TopicRecorder(bootstrapServers(), topic);
        closeables.add(recorder);
        return recorder;
    }

    /** Sends and waits until the broker has it (acks=all). */
    void send(String topic, String key, byte[] value) throws Exception {
        template.send(new ProducerRecord<>(topic, key, value)).get();
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        producerFactory.destroy();
        broker.destroy();
    }
}
