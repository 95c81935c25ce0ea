package cn.tongfa.bench.sections;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import cn.tongfa.bench.BenchContext;
import cn.tongfa.bench.BenchSection;
import cn.tongfa.bench.Figure;
import cn.tongfa.bench.env.HubProcess;

/**
 * Latency at a steady offered load (open loop: item i is started at t0 + i/rate whatever the hub answers): from
 * the moment its publish request is sent (the client's accept time) until the last of its four channels is
 * delivered, from the ledger's {@code delivered_at} (the hub's clock; same machine, same clock). Also until the
 * last of the four is recorded in the ledger ({@code updated_at}). p50/p95/p99/max per offered rate (20, 50 and
 * 200 items/s unless {@code --rates} says otherwise), and p50/p99 of each channel alone, which names the channel
 * that makes the wait; a rate above what the hub sustained in the hub section is measured too, and its note says
 * that the figures are those of a growing queue.
 */
public final class LatencySection implements BenchSection {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int seconds = ctx.intOption("latency-seconds", ctx.quick() ? 10 : 30);
        List<Integer> rates = Arrays.stream(ctx.option("rates", "20,50,200").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        HubProcess hub = ctx.hub();
        Publisher publisher = new Publisher(hub);
        List<Figure> figures = new ArrayList<>();
        AtomicInteger numbers = new AtomicInteger(10_000_000);
        double sustained = ctx.figure("hub.items_per_s").map(Figure::value).orElse(Double.NaN);
        for (int rate : rates) {
            // Above what the hub sustains, an open-loop load grows a queue for as long as it is offered: the
            // figures are then the queue's, and say so. Measured all the same, so that every rate has figures.
            boolean saturated = !Double.isNaN(sustained) && sustained < rate;
            long before = settled(publisher);
            int count = rate * seconds;
            ConcurrentLinkedQueue<Publisher.Published> published = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(16, rate / 2));
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pool.execute(() -> {
                    try {
                        published.add(publisher.publish(numbers.getAndIncrement()));
                    } catch (Exception e) {
                        errors.add(e);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            double offeredSeconds = (System.nanoTime() - start) / 1e9;
            if (!errors.isEmpty()) {
                throw new IllegalStateException(errors.size() + " publications failed at " + rate + " items/s; first: "
                        + errors.peek(), errors.peek());
            }
            publisher.awaitSettled(before + (long) count * HubProcess.CHANNELS.size(), 100, 600);

            Map<String, long[]> done = lastDelivery(hub, published);
            Map<String, double[]> perChannel = perChannel(hub, published);
            double[] delivered = new double[published.size()];
            double[] recorded = new double[published.size()];
            int i = 0;
            int incomplete = 0;
            for (Publisher.Published p : published) {
                long[] d = done.get(p.id());
                if (d == null || d[2] < HubProcess.CHANNELS.size()) {
                    incomplete++;
                    delivered[i] = Double.NaN;
                    recorded[i++] = Double.NaN;
                    continue;
                }
                delivered[i] = d[0] - p.publishSentMillis();
                recorded[i++] = d[1] - p.publishSentMillis();
            }
            Arrays.sort(delivered);
            Arrays.sort(recorded);
            String prefix = "latency." + rate + "_per_s.";
            String note = String.format("%,d items offered at %d/s over %.0f s (achieved %.0f/s); publish request "
                    + "sent → last of 4 channels delivered (ledger delivered_at)%s", count, rate, offeredSeconds,
                    count / offeredSeconds, incomplete > 0 ? "; " + incomplete + " items not delivered on all four" : "")
                    + (saturated ? String.format("; above the %.1f items/s the hub sustained end to end (hub section): "
                            + "a queue grew for the whole run", sustained) : "");
            figures.add(Figure.of(prefix + "p50_ms", percentile(delivered, 50), "ms", note));
            figures.add(Figure.of(prefix + "p95_ms", percentile(delivered, 95), "ms", ""));
            Figure p99 = rate == 200
                    ? Figure.atMost(prefix + "p99_ms", percentile(delivered, 99), "ms", 250, "")
                    : Figure.of(prefix + "p99_ms", percentile(delivered, 99), "ms", "");
            figures.add(p99);
            figures.add(Figure.of(prefix + "max_ms", percentile(delivered, 100), "ms", ""));
            figures.add(Figure.of(prefix + "recorded_p99_ms", percentile(recorded, 99), "ms",
                    "until the last of the four is recorded in the ledger (updated_at)"));
            for (String channel : HubProcess.CHANNELS) {
                double[] times = perChannel.getOrDefault(channel, new double[0]);
                figures.add(Figure.of(prefix + channel + ".p50_ms", percentile(times, 50), "ms",
                        channel.equals(HubProcess.CHANNELS.get(0))
                                ? "publish request sent → delivered on this channel alone" : ""));
                figures.add(Figure.of(prefix + channel + ".p99_ms", percentile(times, 99), "ms", ""));
            }
        }
        return figures;
    }

    private static long settled(Publisher publisher) throws Exception {
        Map<String, Long> s = publisher.statuses();
        return s.getOrDefault("DELIVERED", 0L) + s.getOrDefault("FAILED", 0L) + s.getOrDefault("UNCONFIRMED", 0L);
    }

    /** Per item: [max delivered_at, max updated_at (epoch ms), delivered rows]. */
    private static Map<String, long[]> lastDelivery(HubProcess hub, Iterable<Publisher.Published> items)
            throws Exception {
        Map<String, long[]> wanted = new HashMap<>();
        items.forEach(p -> wanted.put(p.id(), null));
        Map<String, long[]> result = new HashMap<>();
        try (Connection c = hub.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select item_id, delivered_at, updated_at from delivery "
                        + "where status = 'DELIVERED'")) {
            while (rs.next()) {
                String id = rs.getString(1);
                if (!wanted.containsKey(id)) {
                    continue;
                }
                long delivered = rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli();
                long updated = rs.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli();
                long[] d = result.computeIfAbsent(id, k -> new long[3]);
                d[0] = Math.max(d[0], delivered);
                d[1] = Math.max(d[1], updated);
                d[2]++;
            }
        }
        return result;
    }

    /** Per channel, sorted: publish request sent → that channel's delivered_at (NaN when not delivered). */
    private static Map<String, double[]> perChannel(HubProcess hub, Iterable<Publisher.Published> items)
            throws Exception {
        Map<String, Long> sent = new HashMap<>();
        items.forEach(p -> sent.put(p.id(), p.publishSentMillis()));
        Map<String, List<Double>> times = new HashMap<>();
        HubProcess.CHANNELS.forEach(channel -> times.put(channel, new ArrayList<>()));
        Map<String, Map<String, Long>> delivered = new HashMap<>();
        try (Connection c = hub.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select item_id, channel, delivered_at from delivery")) {
            while (rs.next()) {
                String id = rs.getString(1);
                OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                if (sent.containsKey(id) && at != null) {
                    delivered.computeIfAbsent(id, k -> new HashMap<>()).put(rs.getString(2),
                            at.toInstant().toEpochMilli());
                }
            }
        }
        sent.forEach((id, millis) -> HubProcess.CHANNELS.forEach(channel -> {
            Long at = delivered.getOrDefault(id, Map.of()).get(channel);
            times.get(channel).add(at == null ? Double.NaN : at - millis);
        }));
        Map<String, double[]> sorted = new HashMap<>();
        times.forEach((channel, list) -> {
            double[] values = list.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(values);
            sorted.put(channel, values);
        });
        return sorted;
    }

    /** Nearest-rank percentile of sorted values (NaN, the incomplete ones, sort last and count as infinitely late). */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
