package cn.tongfa.connector.runtime;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import cn.tongfa.connector.api.DeliveryOutcome;

/**
 * The workers' meters. Labels are low-cardinality by design: channel, agency, outcome, never an item id.
 *
 * <ul>
 *   <li>{@code tongfa_deliveries_total{channel,agency,outcome}}: final outcomes of deliveries</li>
 *   <li>{@code tongfa_delivery_latency_seconds{channel}}: from the hub's decision (publication) to delivered</li>
 *   <li>{@code tongfa_delivery_retries_total{channel}}: retriable failures that were retried</li>
 *   <li>{@code tongfa_connector_poison_total{channel}}: unreadable records parked on the dead-letter topic</li>
 *   <li>{@code tongfa_delivery_lookups_total{channel,answer}}: look-ups of deliveries in doubt (after a timeout or a
 *       crash mid-call), by the channel's answer: {@code found}, {@code not_found}, {@code failed},
 *       {@code unknown}</li>
 * </ul>
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void outcome(String channel, String agency, DeliveryOutcome outcome) {
        Counter.builder("tongfa.deliveries")
                .description("Deliveries by final outcome")
                .tags("channel", channel, "agency", agency, "outcome", outcome.name())
                .register(registry)
                .increment();
    }

    void delivered(String channel, Duration sincePublication) {
        Timer.builder("tongfa.delivery.latency")
                .description("Time from publication to delivery on the channel")
                .tags("channel", channel)
                .publishPercentileHistogram()
                .register(registry)
                .record(sincePublication.isNegative() ? Duration.ZERO : sincePublication);
    }

    void retried(String channel) {
        Counter.builder("tongfa.delivery.retries")
                .description("Retriable channel failures that were retried")
                .tags("channel", channel)
                .register(registry)
                .increment();
    }

    void lookup(String channel, String answer) {
        Counter.builder("tongfa.delivery.lookups")
                .description("Look-ups of deliveries in doubt, by the channel's answer")
                .tags("channel", channel, "answer", answer)
                .register(registry)
                .increment();
    }

    void poison(String channel) {
        Counter.builder("tongfa.connector.poison")
                .description("Unreadable item records parked on the dead-letter topic")
                .tags("channel", channel)
                .register(registry)
                .increment();
    }

    /** Registers the meters of a channel at zero, so dashboards show them before the first delivery. */
    void register(String channel) {
        Counter.builder("tongfa.delivery.retries").tags("channel", channel).register(registry);
        Counter.builder("tongfa.connector.poison").tags("channel", channel).register(registry);
        Timer.builder("tongfa.delivery.latency").tags("channel", channel).publishPercentileHistogram()
                .register(registry);
    }
}
