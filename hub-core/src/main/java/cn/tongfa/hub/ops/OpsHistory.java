package cn.tongfa.hub.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.hub.ConditionalOnRole;

/**
 * The last hour of the operations page's figures, sampled every {@code tongfa.ops.sample-interval} (5 s, kept
 * 120 samples), for its charts. In memory: the page is for the embedded default; Prometheus keeps history in
 * production.
 */
@Component
@ConditionalOnRole("api")
class OpsHistory {

    static final int SAMPLES = 120;

    record Sample(long at, long delivered, long failed, double backlog, double lag) {
    }

    /** An inline SVG chart: a polyline in a 300 × 60 box, and the newest value. */
    record Chart(String points, String latest, String max) {
    }

    private final MeterRegistry registry;
    private final Deque<Sample> samples = new ArrayDeque<>();

    OpsHistory(MeterRegistry registry) {
        this.registry = registry;
    }

    @Scheduled(fixedDelayString = "${tongfa.ops.sample-interval:5s}", initialDelay = 0)
    synchronized void sample() {
        OpsFigures figures = OpsFigures.read(registry);
        samples.addLast(new Sample(System.currentTimeMillis(), figures.delivered(), figures.failed(),
                figures.backlog(), figures.lag()));
        while (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Deliveries per sample interval (the difference of the counter between samples). */
    Chart throughput() {
        List<Sample> s = samples();
        List<Double> values = new ArrayList<>();
        for (int i = 1; i < s.size(); i++) {
            values.add((double) Math.max(0, s.get(i).delivered() - s.get(i - 1).delivered()));
        }
        return chart(values);
    }

    Chart backlog() {
        return chart(values(Sample::backlog));
    }

    Chart lag() {
        return chart(values(Sample::lag));
    }

    private List<Double> values(ToDoubleFunction<Sample> f) {
        return samples().stream().map(f::applyAsDouble).toList();
    }

    static Chart chart(List<Double> values) {
        if (values.isEmpty()) {
            return new Chart("", "0", "0");
        }
        double max = Math.max(1, values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        StringBuilder points = new StringBuilder();
        double step = values.size() == 1 ? 0 : 300.0 / (SAMPLES - 1);
        double x0 = 300 - step * (values.size() - 1);
        for (int i = 0; i < values.size(); i++) {
            double y = 58 - values.get(i) / max * 56;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x0 + i * step, y));
        }
        return new Chart(points.toString().trim(), format(values.get(values.size() - 1)), format(max));
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
