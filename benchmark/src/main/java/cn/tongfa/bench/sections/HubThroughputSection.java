package cn.tongfa.bench.sections;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import cn.tongfa.bench.BenchContext;
import cn.tongfa.bench.BenchSection;
import cn.tongfa.bench.Figure;
import cn.tongfa.bench.env.CpuAccount;
import cn.tongfa.bench.env.HubProcess;
import cn.tongfa.bench.env.MemorySampler;

/**
 * The hub end to end: N items created and published through the HTTP API by several concurrent clients
 * (java.net.http, Bearer token), then outbox → relay → Kafka → the four connectors against the simulators →
 * delivery reports → ledger, measured from the first request until the ledger holds every delivery as settled.
 * A warm-up batch goes first, unmeasured. The hub's memory is sampled during the measured run; with
 * {@code --jfr} a flight recording of the run is written to the profile's work directory.
 */
public final class HubThroughputSection implements BenchSection {

    /** Publications the hub refused with an error (5xx), over the section's runs. */
    static final AtomicInteger FAILED = new AtomicInteger();

    @Override
    public String name() {
        return "hub";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int items = ctx.intOption("items", ctx.quick() ? 3_000 : 20_000);
        int warmup = ctx.intOption("warmup-items", ctx.quick() ? 300 : 1_000);
        int clients = ctx.intOption("clients", 16);
        HubProcess hub = ctx.hub();
        Publisher publisher = new Publisher(hub);
        int channels = HubProcess.CHANNELS.size();
        long before = publisher.statuses().values().stream().mapToLong(Long::longValue).sum();

        System.out.printf("[bench]   warm-up: %,d items%n", warmup);
        long maxSeconds = ctx.intOption("max-seconds", ctx.quick() ? 60 : 240);
        warmup = publishAll(publisher, 0, warmup, clients, maxSeconds / 4);
        publisher.awaitSettled(before + (long) warmup * channels, 200, 600);

        Path jfr = ctx.workDir().resolve("hub-throughput.jfr");
        boolean recording = Boolean.parseBoolean(ctx.option("jfr", "false"));
        if (recording) {
            jcmd(hub.pid(), "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
        }
        System.out.printf("[bench]   measured: %,d items by %d clients%n", items, clients);
        Map<String, Long> ledger;
        double seconds;
        double acceptSeconds;
        try (MemorySampler memory = new MemorySampler(hub)) {
            CpuAccount cpu = CpuAccount.start(hub.pid());
            long start = System.nanoTime();
            int requested = items;
            items = publishAll(publisher, warmup, items, clients, maxSeconds);
            if (items < requested) {
                System.out.printf("[bench]   only %,d of %,d items were published within %d s%n", items, requested,
                        maxSeconds);
            }
            acceptSeconds = (System.nanoTime() - start) / 1e9;
            ledger = publisher.awaitSettled(before + (long) (warmup + items) * channels, 100,
                    600);
            seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> cpuSeconds = cpu.seconds();
            if (recording) {
                jcmd(hub.pid(), "JFR.stop", "name=bench");
                System.out.println("[bench]   flight recording: " + jfr);
            }
            double itemsPerSecond = items / seconds;
            double baseline = ctx.figure("baseline.items_per_s").map(Figure::value).orElse(Double.NaN);
            boolean postgres = "postgres".equals(ctx.profile());
            List<Figure> figures = new ArrayList<>();
            String run = String.format("%,d items (+%,d warm-up) by %d HTTP clients (publishing stops after %d s), "
                    + "until all %,d deliveries were settled in the ledger (%.1f s); ledger %s", items, warmup, clients,
                    maxSeconds, items * channels, seconds, ledger);
            figures.add(postgres ? Figure.atLeast("hub.items_per_s", itemsPerSecond, "items/s", 1000, run)
                    : Figure.of("hub.items_per_s", itemsPerSecond, "items/s", run));
            figures.add(postgres ? Figure.atLeast("hub.deliveries_per_s", itemsPerSecond * channels, "deliveries/s",
                    4000, "") : Figure.of("hub.deliveries_per_s", itemsPerSecond * channels, "deliveries/s", ""));
            figures.add(Figure.of("hub.accepted_items_per_s", items / acceptSeconds, "items/s",
                    "API alone: create + publish answered, before delivery"));
            figures.add(Figure.atLeast("hub.percent_of_baseline", 100 * itemsPerSecond / baseline, "%", 25,
                    "hub items/s ÷ baseline items/s of the same run"));
            figures.add(Figure.atMost("hub.failed_publications", FAILED.getAndSet(0), "requests", 0,
                    "create or publish answered with an error (warm-up and measured run)"));
            long failed = ledger.getOrDefault("FAILED", 0L) + ledger.getOrDefault("UNCONFIRMED", 0L);
            figures.add(Figure.atMost("hub.failed_deliveries", failed, "deliveries", 0,
                    "FAILED or UNCONFIRMED in the ledger after the runs"));
            boolean embedded = "embedded".equals(ctx.profile());
            String heapNote = "jvm.memory.used{area=heap}, sampled every 0.5 s during the measured run (a Prometheus scrape every 15 s); hub -Xmx"
                    + ctx.option("hub-heap", "512m");
            figures.add(embedded ? Figure.atMost("memory.peak_heap_mib", memory.peakHeapMib(), "MiB", 512, heapNote)
                    : Figure.of("memory.peak_heap_mib", memory.peakHeapMib(), "MiB", heapNote));
            figures.add(Figure.of("memory.peak_rss_mib", memory.peakRssMib(), "MiB",
                    "VmHWM of the hub process since its start"
                            + (embedded ? " (includes the in-process Kafka broker and H2)" : "")));
            // Where the machine's CPU went, per item: the parts compete for the same cores.
            double cores = Runtime.getRuntime().availableProcessors();
            double total = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
            figures.add(Figure.of("cpu.total_ms_per_item", 1000 * total / items, "ms",
                    String.format("all processes on the machine, %.0f CPU-s of the %.0f available (%d cores × %.1f s)",
                            total, cores * seconds, (int) cores, seconds)));
            for (Map.Entry<String, Double> part : cpuSeconds.entrySet()) {
                figures.add(Figure.of("cpu." + part.getKey() + "_ms_per_item", 1000 * part.getValue() / items, "ms",
                        String.format("%.1f CPU-s in the measured run", part.getValue())));
            }
            double gc = hub.scrape("jvm_gc_pause_seconds_sum", null);
            figures.add(Figure.of("memory.gc_pause_total_s", gc, "s", "all GC pauses of the hub since its start"));
            return figures;
        }
    }

    /**
     * Publishes items {@code from .. from+count-1} with {@code clients} threads, starting no new item after
     * {@code maxSeconds}; answers how many were published.
     */
    static int publishAll(Publisher publisher, int from, int count, int clients, long maxSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger done = new AtomicInteger();
        int end = from + count;
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            work.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < end && System.nanoTime() < deadline;
                        n = next.getAndIncrement()) {
                    try {
                        publisher.publish(n);
                        done.incrementAndGet();
                    } catch (IllegalStateException e) {
                        // The hub answered an error: counted and reported, the run goes on.
                        if (FAILED.getAndIncrement() < 3) {
                            System.out.println("[bench]   publication failed: " + e.getMessage());
                        }
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return done.get();
    }

    static void jcmd(long pid, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + out);
        }
    }
}
