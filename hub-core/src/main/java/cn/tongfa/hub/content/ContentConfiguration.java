package cn.tongfa.hub.content;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes the {@link ContentCheck} built from {@code tongfa.content.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContentSettings.class)
class ContentConfiguration {

    @Bean
    ContentCheck contentCheck(ContentSettings settings) {
        return ContentCheck.from(settings);
    }
}
