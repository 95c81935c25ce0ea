package cn.tongfa.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

import cn.tongfa.connector.portal.PortalSettings;
import cn.tongfa.connector.runtime.EventCodec;

/** Beans shared by the hub's features. */
@Configuration
class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Chinese unless the caller asks for English. */
    @Bean
    LocaleResolver localeResolver() {
        AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver();
        resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        resolver.setSupportedLocales(List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH));
        return resolver;
    }

    /** Where the portal connector writes pages ({@code tongfa.connectors.portal.root}, default ./data/portal). */
    @Bean
    PortalSettings portalSettings(Environment environment) {
        return Binder.get(environment).bind("tongfa.connectors.portal", PortalSettings.class)
                .orElseGet(() -> new PortalSettings(Path.of("./data/portal")));
    }

    /** Serves the portal's pages from the directory the portal connector writes (embedded default). */
    @Bean
    WebMvcConfigurer portalPages(PortalSettings portal) {
        String location = portal.root().toAbsolutePath().normalize().toUri().toString();
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/portal/**")
                        .addResourceLocations(location.endsWith("/") ? location : location + "/");
            }
        };
    }
}
