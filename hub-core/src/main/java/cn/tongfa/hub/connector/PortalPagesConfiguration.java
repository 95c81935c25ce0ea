package cn.tongfa.hub.connector;

import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import cn.tongfa.connector.portal.PortalSettings;

/**
 * The portal directory ({@code tongfa.connectors.portal.root}, default ./data/portal) and, for the embedded
 * default, serving it under {@code /portal/}. In production a web server serves the same directory.
 */
@Configuration
class PortalPagesConfiguration {

    @Bean
    PortalSettings portalSettings(Environment environment) {
        return Binder.get(environment).bind("tongfa.connectors.portal", PortalSettings.class)
                .orElseGet(() -> new PortalSettings(Path.of("./data/portal")));
    }

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
