package cn.tongfa.hub.connector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

import cn.tongfa.connector.portal.PortalSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;

/**
 * The portal directory ({@code tongfa.connectors.portal.root}, default ./data/portal) and, for the embedded
 * default, serving it under {@code /portal/}: item pages, column lists, RSS feeds and sitemaps. In production a
 * web server serves the same directory (and should, like this one, not serve the connector's dot files).
 */
@Configuration
class PortalPagesConfiguration {

    @Bean
    PortalSettings portalSettings(Environment environment, AgencyDirectory agencies) {
        PortalSettings bound = Binder.get(environment).bind("tongfa.connectors.portal", PortalSettings.class)
                .orElseGet(() -> PortalSettings.of(Path.of("./data/portal")));
        return withAgencyColumns(bound, agencies.all());
    }

    /**
     * The portal settings with each agency's categories (主题分类, {@code tongfa.agencies[i].categories}) as its
     * columns, after the columns configured for the portal: every category gets its list pages, in the
     * agency's order, even before it has an item.
     */
    static PortalSettings withAgencyColumns(PortalSettings bound, List<Agency> agencies) {
        Map<String, PortalSettings.AgencyPortal> merged = new HashMap<>(bound.agencies());
        for (Agency agency : agencies) {
            PortalSettings.AgencyPortal own = bound.agency(agency.id());
            List<PortalSettings.Column> columns = new ArrayList<>(own.columns());
            for (String category : agency.categories()) {
                if (columns.stream().noneMatch(column -> category.equals(column.name()))) {
                    columns.add(new PortalSettings.Column(category, null));
                }
            }
            merged.put(agency.id(), new PortalSettings.AgencyPortal(own.templatesDir(), columns));
        }
        return new PortalSettings(bound.root(), bound.templatesDir(), bound.pageSize(), bound.feedSize(), merged);
    }

    @Bean
    WebMvcConfigurer portalPages(PortalSettings portal) {
        String location = portal.root().toAbsolutePath().normalize().toUri().toString();
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/portal/**")
                        .addResourceLocations(location.endsWith("/") ? location : location + "/")
                        .resourceChain(false)
                        .addResolver(new WithoutDotFiles());
            }
        };
    }

    /** The connector's list index, lock and temporary files start with a dot; readers have no use for them. */
    private static final class WithoutDotFiles extends PathResourceResolver {
        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            for (String segment : resourcePath.split("/")) {
                if (segment.startsWith(".")) {
                    return null;
                }
            }
            return super.getResource(resourcePath, location);
        }
    }
}
