package cn.tongfa.hub.support;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import cn.tongfa.sandbox.SandboxAutoConfiguration;

/**
 * The four channel simulators in a web server of their own, outside the hub: they keep counting posts while
 * the hub is killed, restarted or cut off from Kafka, and they count the posts of every connector process
 * alike: what the fault suite's audit and the shared-workers test need.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class, HttpEncodingAutoConfiguration.class,
        MultipartAutoConfiguration.class, SandboxAutoConfiguration.class})
public class SimulatorHost {

    public static ConfigurableApplicationContext start(int port, Path portalRoot) {
        return start(port, portalRoot, Map.of());
    }

    /** @param extra further simulator properties, e.g. {@code tongfa.sandbox.wechat.callbacks.<appId>.url} */
    public static ConfigurableApplicationContext start(int port, Path portalRoot, Map<String, String> extra) {
        return new SpringApplicationBuilder(SimulatorHost.class)
                .properties(extra.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                        .toArray(String[]::new))
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.location=optional:classpath:/simulator-host-none/",
                        "server.port=" + port,
                        "tongfa.sandbox.enabled=true",
                        "tongfa.sandbox.portal.root=" + portalRoot,
                        "spring.servlet.multipart.max-file-size=10MB",
                        "spring.servlet.multipart.max-request-size=12MB",
                        "spring.main.banner-mode=off")
                .run();
    }
}
