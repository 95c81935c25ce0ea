package cn.tongfa.bench.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each part of a run, from {@code /proc/<pid>/stat} (user + system clock ticks) of every process
 * on the machine, taken before and after: on a shared two-core machine the hub's throughput is bounded by the CPU
 * that the hub, the database, the broker and the simulators need per item, so that split says where to cut.
 *
 * <p>Parts: {@code hub} (the hub's process, with its in-process broker and H2 on the embedded default),
 * {@code postgres} (every postgres process), {@code broker} (the benchmark's separate Kafka broker),
 * {@code simulators} (the channel simulators), {@code bench} (this JVM: the HTTP clients) and {@code other}
 * (everything else on the machine, e.g. other builds). Linux only; elsewhere every part is 0.
 */
public final class CpuAccount {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long hubPid;
    private final Map<Long, Sample> start;

    private record Sample(String part, long ticks) {
    }

    private CpuAccount(long hubPid) {
        this.hubPid = hubPid;
        this.start = snapshot();
    }

    /** Starts counting now. */
    public static CpuAccount start(long hubPid) {
        return new CpuAccount(hubPid);
    }

    /** CPU seconds per part since {@link #start}, largest first in the map's order of parts. */
    public Map<String, Double> seconds() {
        Map<Long, Sample> end = snapshot();
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String part : new String[] {"hub", "postgres", "broker", "simulators", "bench", "other"}) {
            parts.put(part, 0.0);
        }
        end.forEach((pid, sample) -> {
            Sample before = start.get(pid);
            long ticks = sample.ticks() - (before == null ? 0 : before.ticks());
            parts.merge(sample.part(), ticks / TICKS_PER_SECOND, Double::sum);
        });
        return parts;
    }

    private Map<Long, Sample> snapshot() {
        Map<Long, Sample> samples = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                try {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
                    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    samples.put(pid, new Sample(part(pid, self, dir), ticks));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return samples;
        }
        return samples;
    }

    private String part(long pid, long self, Path dir) throws IOException {
        if (pid == hubPid) {
            return "hub";
        }
        if (pid == self) {
            return "bench";
        }
        String command = Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        if (command.startsWith("postgres") || command.contains("/postgres ") || command.contains("bin/postgres")) {
            return "postgres";
        }
        if (command.contains("BrokerMain")) {
            return "broker";
        }
        if (command.contains("SimulatorMain")) {
            return "simulators";
        }
        return "other";
    }
}
