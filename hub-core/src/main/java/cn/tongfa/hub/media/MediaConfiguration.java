package cn.tongfa.hub.media;

import java.time.Clock;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/** The media store chosen by {@code tongfa.media.store}, and the signer of media addresses. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaSettings.class)
class MediaConfiguration {

    /**
     * {@code file} for one machine; {@code database} where several hub processes on several machines serve the
     * same files (docs/media.md says why not S3 here).
     */
    @Bean
    MediaStore mediaStore(MediaSettings settings, JdbcClient jdbc, Clock clock) {
        return switch (settings.store()) {
            case FILE -> {
                FileMediaStore store = new FileMediaStore(settings.dir());
                store.removeStaleUploads(clock.instant());
                yield store;
            }
            case DATABASE -> new DatabaseMediaStore(jdbc);
        };
    }

    /**
     * The container's multipart limits follow the media limits (the larger one, and a little for the form's other
     * fields), and every part goes to a temporary file at once: an upload is never held in memory.
     * spring.servlet.multipart.* is not read (this bean replaces Spring Boot's).
     */
    @Bean
    MultipartConfigElement multipartConfigElement(MediaSettings settings) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(DataSize.ofBytes(settings.maxSize()));
        factory.setMaxRequestSize(DataSize.ofBytes(settings.maxSize() + 1024 * 1024));
        factory.setFileSizeThreshold(DataSize.ofBytes(0));
        return factory.createMultipartConfig();
    }

    @Bean
    MediaSigner mediaSigner(MediaSettings settings, JdbcClient jdbc, Clock clock) {
        return MediaSigner.of(settings, jdbc, clock);
    }
}
