package cn.tongfa.hub.connector.wechat;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;

import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.wechat.WechatCallbacks;
import cn.tongfa.connector.wechat.WechatConnector;
import cn.tongfa.connector.wechat.WechatSettings;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.connector.ConnectorWorkers;

/**
 * WeChat's pushed events: the callback endpoint in every process, checked with the accounts' {@code token} and
 * {@code aes-key} ({@code tongfa.connectors.wechat.accounts.<agency>.*}), and, where the WeChat connector runs,
 * the listener that hands them to it.
 */
@Configuration
class WechatCallbackConfiguration {

    @Bean
    WechatCallbacks wechatCallbacks(Environment environment) {
        return new WechatCallbacks(Binder.get(environment).bind(WechatSettings.PREFIX, WechatSettings.class)
                .orElseGet(() -> new WechatSettings(null, null, null, null, null)));
    }

    @Configuration
    @ConditionalOnRole("connectors")
    static class Listener {

        @Bean
        WechatPublishJobsListener wechatPublishJobsListener(ConnectorWorkers workers,
                ConsumerFactory<String, byte[]> consumerFactory, JsonMapper json) {
            // A process that does not host the WeChat connector listens to nothing.
            WechatConnector wechat = workers.connector(Channels.WECHAT).filter(WechatConnector.class::isInstance)
                    .map(WechatConnector.class::cast).orElse(null);
            return new WechatPublishJobsListener(wechat, () -> consumerFactory.createConsumer(null,
                    "tongfa-wechat-publish-jobs", null, WechatPublishJobsListener.consumerProperties()), json);
        }
    }
}
