package cn.tongfa.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class LiveMultiGaugeTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LiveMultiGauge gauge = new LiveMultiGauge("tongfa.test.figure", "a test figure", registry);

    /** The scrape race of micrometer issue 6851 needs a re-registration; this pins that there is none. */
    @Test
    void aRefreshChangesValuesWithoutRegisteringTheGaugesAgain() {
        gauge.publish(Map.of(Tags.of("agency", "a"), 1, Tags.of("agency", "b"), 2));
        Gauge first = registry.get("tongfa.test.figure").tag("agency", "a").gauge();

        gauge.publish(Map.of(Tags.of("agency", "a"), 5, Tags.of("agency", "c"), 7));

        assertThat(registry.get("tongfa.test.figure").tag("agency", "a").gauge()).isSameAs(first);
        assertThat(first.value()).isEqualTo(5);
        assertThat(registry.find("tongfa.test.figure").tag("agency", "b").gauge()).as("dropped row").isNull();
        assertThat(registry.get("tongfa.test.figure").tag("agency", "c").gauge().value()).isEqualTo(7);
        assertThat(registry.scrape()).contains("tongfa_test_figure{agency=\"a\"} 5.0")
                .doesNotContain("agency=\"b\"");
    }
}
