package cn.tongfa.sandbox;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * Mounts the channel simulators under {@code /sandbox/} when {@code tongfa.sandbox.enabled=true} (the
 * embedded default and tests). Never enabled in production profiles.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "tongfa.sandbox", name = "enabled", havingValue = "true")
@ComponentScan(basePackageClasses = SandboxAutoConfiguration.class)
public class SandboxAutoConfiguration {

    @Bean
    SandboxRecorder sandboxRecorder() {
        return new SandboxRecorder(Clock.systemUTC());
    }

    @Bean
    SandboxFaults sandboxFaults() {
        return new SandboxFaults(Clock.systemUTC());
    }
}
