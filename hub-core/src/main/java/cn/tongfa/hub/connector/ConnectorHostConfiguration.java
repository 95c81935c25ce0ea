package cn.tongfa.hub.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.disclosure.DisclosureConnector;
import cn.tongfa.connector.disclosure.DisclosureSettings;
import cn.tongfa.connector.portal.PortalConnector;
import cn.tongfa.connector.portal.PortalSettings;
import cn.tongfa.connector.runtime.EventCodec;
import cn.tongfa.connector.runtime.KafkaDeliveryStateStore;
import cn.tongfa.connector.runtime.WorkerMetrics;
import cn.tongfa.connector.runtime.WorkerSettings;
import cn.tongfa.connector.wechat.WechatConnector;
import cn.tongfa.connector.wechat.WechatSettings;
import cn.tongfa.connector.weibo.WeiboConnector;
import cn.tongfa.connector.weibo.WeiboSettings;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;

/**
 * Runs the connectors in this process (role {@code connectors}): one worker per enabled channel
 * ({@code tongfa.connectors.enabled}, all four by default), each configured from
 * {@code tongfa.connectors.<channel>.*}.
 */
@Configuration
@ConditionalOnRole("connectors")
class ConnectorHostConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    KafkaDeliveryStateStore deliveryStateStore(KafkaTemplate<String, byte[]> template,
            ConsumerFactory<String, byte[]> consumerFactory, EventCodec codec) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaDeliveryStateStore(template,
                () -> consumerFactory.createConsumer(null, "tongfa-delivery-state", null, overrides), codec);
    }

    @Bean
    ConnectorWorkers connectorWorkers(Environment environment, PortalSettings portal, AgencyDirectory directory,
            ConsumerFactory<String, byte[]> consumerFactory, KafkaTemplate<String, byte[]> template,
            KafkaDeliveryStateStore store, EventCodec codec, MeterRegistry registry, Clock clock) {
        Binder binder = Binder.get(environment);
        List<String> enabled = binder.bind("tongfa.connectors.enabled", String[].class)
                .map(List::of).orElse(Channels.ALL);
        WorkerSettings worker = binder.bind("tongfa.connectors.worker", WorkerSettings.class)
                .orElse(WorkerSettings.DEFAULTS);
        Map<String, WorkerSettings> perChannel = new java.util.HashMap<>();
        java.util.List<ChannelConnector> connectors = new java.util.ArrayList<>();
        for (String channel : enabled) {
            if (!Channels.isKnown(channel)) {
                throw new IllegalStateException("tongfa.connectors.enabled: unknown channel '" + channel
                        + "', expected some of " + Channels.ALL);
            }
            String prefix = "tongfa.connectors." + channel;
            connectors.add(switch (channel) {
                case Channels.PORTAL -> new PortalConnector(portal);
                case Channels.DISCLOSURE -> new DisclosureConnector(binder.bind(prefix, DisclosureSettings.class)
                        .orElseGet(() -> new DisclosureSettings(null, null, null, null)), clock);
                case Channels.WECHAT -> new WechatConnector(binder.bind(prefix, WechatSettings.class)
                        .orElseGet(() -> new WechatSettings(null, null, null, null, null)));
                case Channels.WEIBO -> new WeiboConnector(binder.bind(prefix, WeiboSettings.class)
                        .orElseGet(() -> new WeiboSettings(null, null, null, null, null)), clock);
                default -> throw new IllegalStateException(channel);
            });
            perChannel.put(channel, binder.bind(prefix + ".worker", WorkerSettings.class).orElse(worker));
        }
        Map<String, List<String>> agencies = new java.util.HashMap<>();
        for (String channel : enabled) {
            agencies.put(channel, directory.all().stream()
                    .filter(agency -> agency.channels().contains(channel)).map(Agency::id).toList());
        }
        Duration checkTimeout = binder.bind("tongfa.connectors.account-check-timeout", Duration.class)
                .orElse(Duration.ofSeconds(15));
        return new ConnectorWorkers(connectors, perChannel, agencies, checkTimeout, consumerFactory, template, store,
                codec, new WorkerMetrics(registry), clock);
    }
}
