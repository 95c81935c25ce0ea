package cn.tongfa.hub.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import cn.tongfa.connector.api.Channels;

/**
 * The key figures of the operations page, read from this process's meters: the same series the Grafana boards
 * query, so the embedded default (no Prometheus, no Grafana) shows the same numbers.
 *
 * @param channels per channel: delivered, failed, in doubt, retries, lag and latency percentiles
 * @param accounts channel accounts that need attention (paused, a problem, or silent for 7 days or more)
 */
record OpsFigures(long delivered, long failed, double backlog, double deadLetters, double lag, double awaitingReview,
        List<ChannelRow> channels, List<AccountRow> accounts) {

    record ChannelRow(String channel, long delivered, long failed, long unconfirmed, long retries, double lag,
            double p50, double p95, double p99) {

        /** p50 / p95 / p99 in seconds, or a dash before the first delivery. */
        public String latencyText() {
            return Double.isNaN(p50) ? "–"
                    : String.format(java.util.Locale.ROOT, "%.2f / %.2f / %.2f s", p50, p95, p99);
        }
    }

    record AccountRow(String channel, String agency, boolean paused, boolean problem, Double silentDays) {
    }

    static OpsFigures read(MeterRegistry registry) {
        List<ChannelRow> rows = new ArrayList<>();
        long delivered = 0;
        long failed = 0;
        double lagTotal = 0;
        for (String channel : Channels.ALL) {
            long ok = (long) counters(registry, "tongfa.deliveries", channel, "DELIVERED");
            long bad = (long) counters(registry, "tongfa.deliveries", channel, "FAILED");
            long doubt = (long) gauge(registry, "tongfa.deliveries.unconfirmed", channel);
            long retries = (long) registry.find("tongfa.delivery.retries").tag("channel", channel).counters().stream()
                    .mapToDouble(Counter::count).sum();
            double lag = gauge(registry, "tongfa.connector.lag.records", channel);
            Timer latency = registry.find("tongfa.delivery.latency").tag("channel", channel).timer();
            rows.add(new ChannelRow(channel, ok, bad, doubt, retries, lag, quantile(latency, 0.5),
                    quantile(latency, 0.95), quantile(latency, 0.99)));
            delivered += ok;
            failed += bad;
            lagTotal += lag;
        }
        Map<String, Boolean> paused = flags(registry, "tongfa.channel.account.paused");
        Map<String, Boolean> problems = flags(registry, "tongfa.channel.account.problem");
        Map<String, Double> ages = new TreeMap<>();
        registry.find("tongfa.account.last.post.age.days").gauges().forEach(g -> ages.put(key(g), g.value()));
        Set<String> keys = new TreeSet<>(paused.keySet());
        keys.addAll(problems.keySet());
        keys.addAll(ages.keySet());
        List<AccountRow> attention = new ArrayList<>();
        for (String k : keys) {
            String[] parts = k.split("/", 2);
            boolean isPaused = paused.getOrDefault(k, false);
            boolean problem = problems.getOrDefault(k, false);
            Double age = ages.get(k);
            if (isPaused || problem || (age != null && age >= 7)) {
                attention.add(new AccountRow(parts[0], parts[1], isPaused, problem, age));
            }
        }
        return new OpsFigures(delivered, failed, gaugeSum(registry, "tongfa.outbox.backlog"),
                gaugeSum(registry, "tongfa.dead.letters.open"), lagTotal,
                gaugeSum(registry, "tongfa.items.awaiting.review"), rows, attention);
    }

    private static Map<String, Boolean> flags(MeterRegistry registry, String name) {
        Map<String, Boolean> flags = new TreeMap<>();
        registry.find(name).gauges().forEach(g -> flags.put(key(g), g.value() > 0));
        return flags;
    }

    private static String key(Gauge g) {
        return g.getId().getTag("channel") + "/" + g.getId().getTag("agency");
    }

    private static double counters(MeterRegistry registry, String name, String channel, String outcome) {
        return registry.find(name).tag("channel", channel).tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static double gauge(MeterRegistry registry, String name, String channel) {
        return registry.find(name).tag("channel", channel).gauges().stream().mapToDouble(Gauge::value)
                .filter(v -> !Double.isNaN(v)).sum();
    }

    private static double gaugeSum(MeterRegistry registry, String name) {
        return registry.find(name).gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
    }

    /** A quantile in seconds from the timer's histogram buckets (the upper bound of the bucket it falls in). */
    static double quantile(Timer timer, double q) {
        if (timer == null || timer.count() == 0) {
            return Double.NaN;
        }
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        double wanted = q * timer.count();
        for (CountAtBucket bucket : buckets) {
            if (bucket.count() >= wanted) {
                return bucket.bucket(TimeUnit.SECONDS);
            }
        }
        return timer.max(TimeUnit.SECONDS);
    }
}
