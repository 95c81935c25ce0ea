package cn.tongfa.hub.media;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The media store chosen by {@code tongfa.media.store}, and the signer of media addresses. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaSettings.class)
class MediaConfiguration {

    @Bean
    MediaStore mediaStore(MediaSettings settings, JdbcClient jdbc) {
        return switch (settings.store()) {
            case FILE -> new FileMediaStore(settings.dir());
            case DATABASE -> new DatabaseMediaStore(jdbc);
        };
    }

    @Bean
    MediaSigner mediaSigner(MediaSettings settings, JdbcClient jdbc, Clock clock) {
        return MediaSigner.of(settings, jdbc, clock);
    }
}
