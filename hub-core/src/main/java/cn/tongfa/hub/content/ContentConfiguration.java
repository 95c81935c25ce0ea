package cn.tongfa.hub.content;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Exposes the {@link ContentCheck} built from {@code tongfa.content.*} and the {@link AttachmentReader} from
 * {@code tongfa.content.attachments.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ContentSettings.class, AttachmentReaderSettings.class})
class ContentConfiguration {

    @Bean(destroyMethod = "close")
    AttachmentReader attachmentReader(AttachmentReaderSettings settings) {
        return new AttachmentReader(settings);
    }

    @Bean
    ContentCheck contentCheck(ContentSettings settings) {
        return ContentCheck.from(settings);
    }
}
