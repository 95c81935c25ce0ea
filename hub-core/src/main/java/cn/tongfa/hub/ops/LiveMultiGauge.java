package cn.tongfa.hub.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * A family of gauges (one per tag set) whose values are replaced as a whole on each refresh.
 *
 * <p>Micrometer's {@code MultiGauge.register(rows, true)} removes every row's gauge and registers it again;
 * a Prometheus scrape running at that moment can see the old and the new gauge together and fails the whole
 * scrape with {@code DuplicateLabelsException} (micrometer issue 6851, still present in 1.17.1). Here a row's
 * gauge is registered once, reads the latest published value, and is removed only when its tag set is no
 * longer published, so a refresh never re-registers anything.
 */
final class LiveMultiGauge {

    private final MultiGauge gauge;
    private volatile Map<Tags, Double> values = Map.of();

    LiveMultiGauge(String name, String description, MeterRegistry registry) {
        this.gauge = MultiGauge.builder(name).description(description).register(registry);
    }

    /** Replaces every row: tag sets not given here disappear, new ones appear, the others change value. */
    void publish(Map<Tags, ? extends Number> rows) {
        Map<Tags, Double> latest = new LinkedHashMap<>();
        rows.forEach((tags, value) -> latest.put(tags, value.doubleValue()));
        values = latest;
        List<MultiGauge.Row<?>> registered = latest.keySet().stream()
                .<MultiGauge.Row<?>>map(tags -> MultiGauge.Row.of(tags, this, self -> self.value(tags)))
                .toList();
        gauge.register(registered, false);
    }

    private double value(Tags tags) {
        return values.getOrDefault(tags, Double.NaN);
    }
}
