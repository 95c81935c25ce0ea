package cn.tongfa.hub.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric names the Grafana dashboards and the Prometheus rules of {@code dashboards/} query, parsed out of
 * their PromQL, and the sample names a scrape of {@code /actuator/prometheus} holds. Histogram and counter series
 * are compared as queried: a query of {@code x_bucket} needs a sample {@code x_bucket}, of {@code x_total} a sample
 * {@code x_total} (Micrometer writes {@code _bucket/_count/_sum/_max} and {@code _total} itself).
 */
final class QueriedMetrics {

    static final Path DASHBOARDS = Path.of("..", "dashboards").toAbsolutePath().normalize();

    /** Series Prometheus makes itself, not the hub. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private QueriedMetrics() {
    }

    /** Metric name → where it is queried (file names). */
    static Map<String, Set<String>> queried() {
        Map<String, Set<String>> names = new TreeMap<>();
        JsonMapper json = JsonMapper.builder().build();
        for (Path file : list(DASHBOARDS.resolve("grafana/dashboards"), ".json")) {
            JsonNode dashboard = json.readTree(read(file));
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    add(names, target.path("expr").asString(), file);
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                add(names, variable.path("definition").asString(), file);
            }
        }
        for (Path file : list(DASHBOARDS.resolve("prometheus/rules"), ".yml")) {
            Object rules = new Yaml(new LoaderOptions()).load(read(file));
            for (Object group : (List<?>) ((Map<?, ?>) rules).get("groups")) {
                for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                    add(names, String.valueOf(((Map<?, ?>) rule).get("expr")), file);
                }
            }
        }
        return names;
    }

    private static void add(Map<String, Set<String>> names, String expr, Path file) {
        for (String name : names(expr)) {
            names.computeIfAbsent(name, n -> new TreeSet<>()).add(file.getFileName().toString());
        }
    }

    /** The metric names of one PromQL expression (or Grafana's {@code label_values(metric, label)}). */
    static Set<String> names(String expr) {
        Set<String> names = new TreeSet<>();
        if (expr == null || expr.isBlank()) {
            return names;
        }
        String s = expr.replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)[^)]*\\)", "$1")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");
        Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()").matcher(s);
        while (m.find()) {
            String token = m.group(1);
            if (!KEYWORDS.contains(token) && !PROMETHEUS_OWN.contains(token) && !token.matches("\\d.*")) {
                names.add(token);
            }
        }
        return names;
    }

    /** The sample names of a scrape in Prometheus' text format. */
    static Set<String> scraped(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** What the dashboards and rules query that the scrape does not hold, with where it is queried. */
    static Map<String, Set<String>> missing(String scrape) {
        Set<String> present = scraped(scrape);
        Map<String, Set<String>> missing = new TreeMap<>(queried());
        missing.keySet().removeAll(present);
        return missing;
    }

    /** The scrape without every sample of one metric family (the test that removing a metric is noticed). */
    static String without(String scrape, String family) {
        StringBuilder kept = new StringBuilder();
        for (String line : scrape.split("\n")) {
            String name = line.startsWith("#") ? "" : line.split("[{ ]", 2)[0];
            if (!name.equals(family) && !name.matches(Pattern.quote(family) + "_(bucket|count|sum|max|total)")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    private static List<Path> list(Path dir, String suffix) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
