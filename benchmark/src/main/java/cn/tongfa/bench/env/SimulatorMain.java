package cn.tongfa.bench.env;

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
import org.springframework.context.annotation.Configuration;

import cn.tongfa.sandbox.SandboxAutoConfiguration;

/**
 * The four channel simulators (zero added latency) in a web server and JVM of their own: the hub is measured
 * without the simulators' in-memory post lists in its heap. Arguments: port, portal root.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class, HttpEncodingAutoConfiguration.class,
        MultipartAutoConfiguration.class, SandboxAutoConfiguration.class})
public class SimulatorMain {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SimulatorMain.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.location=optional:classpath:/bench-simulators-none/",
                        "server.port=" + args[0],
                        "server.tomcat.threads.max=400",
                        "tongfa.sandbox.enabled=true",
                        "tongfa.sandbox.portal.root=" + args[1],
                        "spring.main.banner-mode=off",
                        "logging.level.root=WARN")
                .run();
    }
}
