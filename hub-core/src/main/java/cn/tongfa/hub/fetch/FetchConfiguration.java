package cn.tongfa.hub.fetch;

import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongfa.hub.media.MediaLibrary;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.Problems;

/** Imported images go to the media library, which checks them like an upload. */
@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    @Bean
    ImageSink mediaLibrarySink(MediaLibrary library, Problems problems) {
        return (agency, user, image) -> {
            try (var bytes = image.open()) {
                return library.store(agency, user, image.name(), bytes).id();
            } catch (ApiException refused) {
                // Content problems are worded in Chinese (see ContentCheck); the library's reason joins them.
                throw FetchRefused.byLibrary(image.url(),
                        problems.message(refused.messageKey(), Locale.SIMPLIFIED_CHINESE, refused.args()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
