package cn.tongfa.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own checks of {@code prometheus/}: the configuration, the alert rules, and the rules' unit tests
 * ({@code prometheus/tests/*.test.yml}, one test per alert). promtool is Debian's {@code prometheus} package,
 * which {@code .ci/run} installs: on a build machine (CI=true) a missing promtool fails, elsewhere the tests are
 * skipped, loudly.
 */
class PromtoolTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS = Files.module("prometheus");

    @BeforeAll
    static void requirePromtool() {
        if (java.nio.file.Files.isExecutable(PROMTOOL)) {
            return;
        }
        String message = "promtool checks need " + PROMTOOL + " (Debian: apt-get install -y prometheus)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        System.err.println("\n***** SKIPPED: " + message + " *****\n");
        Assumptions.abort(message);
    }

    @Test
    void configurationIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void rulesAreValid() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        ruleFiles().forEach(args::add);
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestAndTheyPass() throws Exception {
        List<String> tests = new ArrayList<>();
        try (var files = java.nio.file.Files.list(PROMETHEUS.resolve("tests"))) {
            files.filter(f -> f.toString().endsWith(".test.yml")).sorted()
                    .forEach(f -> tests.add(PROMETHEUS.relativize(f).toString()));
        }
        String testText = String.join("\n", tests.stream().map(t -> Files.read(PROMETHEUS.resolve(t))).toList());
        for (String alert : alertNames()) {
            assertThat(testText).as("a unit test for alert " + alert).contains("alertname: " + alert);
        }
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(tests);
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
    }

    static List<String> ruleFiles() throws IOException {
        try (var files = java.nio.file.Files.list(PROMETHEUS.resolve("rules"))) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted()
                    .map(f -> PROMETHEUS.relativize(f).toString()).toList();
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> alertNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String file : ruleFiles()) {
            for (Object group : (List<Object>) Files.yaml(PROMETHEUS.resolve(file)).get("groups")) {
                for (Object rule : (List<Object>) ((java.util.Map<String, Object>) group).get("rules")) {
                    Object alert = ((java.util.Map<String, Object>) rule).get("alert");
                    if (alert != null) {
                        names.add(alert.toString());
                    }
                }
            }
        }
        return names;
    }

    /** Runs promtool in {@code prometheus/} and answers its output; fails with the output when it fails. */
    static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        System.out.println("[promtool " + String.join(" ", args) + "]\n" + output);
        assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }
}
