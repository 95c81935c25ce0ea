package cn.tongfa.hub.kafka;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tongfa.kafka.*}: the embedded broker of the default run and the topics the hub declares.
 *
 * @param embedded          the in-process broker (on by default; the {@code postgres} profile turns it off)
 * @param partitions        partitions of the item and delivery topics: the unit of scale of the connectors
 * @param replicationFactor replication of the hub's topics (3 on a production cluster)
 */
@ConfigurationProperties("tongfa.kafka")
public record KafkaSettings(
        @DefaultValue Embedded embedded,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor) {

    /**
     * @param enabled        start a broker inside the hub
     * @param dataDir        its data, kept across restarts
     * @param port           client port on localhost
     * @param controllerPort KRaft controller port on localhost
     * @param properties     extra broker properties
     */
    public record Embedded(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("./data/kafka") Path dataDir,
            @DefaultValue("9092") int port,
            @DefaultValue("9093") int controllerPort,
            Map<String, String> properties) {
    }
}
