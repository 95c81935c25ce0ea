package cn.tongfa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about the machine and the build the figures came from, printed above the table and kept in the JSON. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> facts(Path repoRoot) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        f.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        f.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
        if (!mem.isEmpty()) {
            long kib = Long.parseLong(mem.replaceAll("[^0-9]", ""));
            f.put("ram", String.format("%.1f GiB", kib / 1024.0 / 1024.0));
        }
        f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        f.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        f.put("load_at_start", loadAverage());
        f.put("commit", git(repoRoot));
        return f;
    }

    /** The 1, 5 and 15 minute load averages: above the core count, other work shared the machine. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstMatch(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String git(Path repoRoot) {
        try {
            Process p = new ProcessBuilder("git", "-C", repoRoot.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
