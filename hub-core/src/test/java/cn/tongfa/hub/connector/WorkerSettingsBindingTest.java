package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import cn.tongfa.connector.runtime.WorkerSettings;

/** The worker settings must bind from configuration: a second constructor once made Spring ignore them silently. */
class WorkerSettingsBindingTest {

    @Test
    void workerSettingsBindFromTheirProperties() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "tongfa.connectors.worker.max-attempts", "12",
                "tongfa.connectors.worker.initial-backoff", "50ms",
                "tongfa.connectors.worker.breaker-threshold", "4",
                "tongfa.connectors.worker.max-pause", "2h",
                "tongfa.connectors.worker.announce-after", "250ms")));
        WorkerSettings settings = binder.bind("tongfa.connectors.worker", WorkerSettings.class).get();
        assertThat(settings.maxAttempts()).isEqualTo(12);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.breakerThreshold()).isEqualTo(4);
        assertThat(settings.maxPause()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.announceAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.concurrency()).isEqualTo(WorkerSettings.DEFAULTS.concurrency());
        assertThat(WorkerSettings.DEFAULTS.announceAfter()).isEqualTo(Duration.ofSeconds(1));
    }
}
