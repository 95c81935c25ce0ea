package cn.tongfa.bench.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples a hub's memory every half second while a run goes on: resident set from {@code /proc/<pid>/status}
 * (VmHWM is the kernel's own peak since the process started) and used heap from the hub's Micrometer gauge
 * {@code jvm.memory.used} (area heap, through the metrics endpoint; a sampled peak: a spike between two samples is
 * missed). Every {@value #SCRAPE_EVERY_SAMPLES}th sample (15 s) it also scrapes {@code /actuator/prometheus} once,
 * as the operations' Prometheus does: the hub pays what it pays in production for being watched, and no more.
 */
public final class MemorySampler implements AutoCloseable {

    static final int SCRAPE_EVERY_SAMPLES = 30;

    private final HubProcess hub;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double peakHeapBytes;
    private volatile double peakRssKib;

    public MemorySampler(HubProcess hub) {
        this.hub = hub;
        this.thread = new Thread(this::loop, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long samples = 0;
        while (running) {
            try {
                if (samples++ % SCRAPE_EVERY_SAMPLES == 0) {
                    hub.scrape("jvm_memory_used_bytes", "area=\"heap\"");
                }
                peakHeapBytes = Math.max(peakHeapBytes, hub.heapUsedBytes());
                peakRssKib = Math.max(peakRssKib, statusKib(hub.pid(), "VmRSS"));
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // the hub is busy or gone; the next sample tells
            }
        }
    }

    public double peakHeapMib() {
        return peakHeapBytes / 1024 / 1024;
    }

    /** The kernel's peak resident set of the hub since it started (VmHWM), in MiB. */
    public double peakRssMib() {
        return Math.max(peakRssKib, statusKib(hub.pid(), "VmHWM")) / 1024;
    }

    static double statusKib(long pid, String key) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith(key + ":"))
                    .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
