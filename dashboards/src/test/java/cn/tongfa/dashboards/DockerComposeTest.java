package cn.tongfa.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code docker compose config} cannot tell without Docker, and what it could not tell anyway: every service
 * has a healthcheck and no password has a default; every environment key of the hub and of the workers is one the
 * hub reads; Prometheus scrapes the port and path the hub serves its metrics on; Grafana's provisioning is mounted
 * and points at the dashboards folder.
 *
 * <p>"A key the hub reads" is decided the way Spring Boot reads the environment:
 * <ol>
 *   <li>the key appears as a placeholder {@code ${KEY} / ${KEY:default}} in the hub's {@code application*.yml},
 *       in {@code deploy/tongfa.yml} (mounted as the hub's additional configuration) or in a {@code @Value} of the
 *       hub's sources; or</li>
 *   <li>relaxed binding maps the key to a property the hub declares: the property names of the configuration
 *       metadata ({@code hub-core/target/classes/META-INF/spring-configuration-metadata.json}, written by the
 *       configuration processor for {@code tongfa.*}, and Spring Boot's own {@code spring-configuration-metadata.json}
 *       files on the classpath), turned into their environment form as Spring Boot does it: dots to underscores,
 *       dashes removed (or, the legacy form Boot also accepts, dashes to underscores), upper case.</li>
 * </ol>
 */
class DockerComposeTest {

    static final Path COMPOSE = Files.root("docker-compose.yml");

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) Files.yaml(COMPOSE).get("services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services().get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    static List<String> volumes(String service) {
        return (List<String>) services().get(service).getOrDefault("volumes", List.of());
    }

    @Test
    void everyServiceHasAHealthcheck() {
        services().forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
            assertThat(health).as(name + " healthcheck").isNotNull();
            assertThat(health.get("test")).as(name + " healthcheck test").isNotNull();
            assertThat(health).as(name).containsKeys("interval", "retries");
        });
    }

    @Test
    void passwordsHaveNoDefaultsAndComeFromTheEnvFile() {
        String compose = Files.read(COMPOSE);
        Matcher secret = Pattern.compile("\\$\\{(\\w*(PASSWORD|SECRET)\\w*)([^}]*)}").matcher(compose);
        int found = 0;
        while (secret.find()) {
            found++;
            assertThat(secret.group(3)).as(secret.group(1) + " must be required (${VAR:?message}) or empty")
                    .matches(":\\?.*|:-|");
        }
        assertThat(found).isPositive();
        Set<String> example = new HashSet<>();
        for (String line : Files.read(Files.root(".env.example")).split("\n")) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                example.add(line.substring(0, line.indexOf('=')));
                if (line.matches("\\w*(PASSWORD|SECRET|TOKEN)\\w*=.+")) {
                    throw new AssertionError(".env.example must not ship a secret: " + line);
                }
            }
        }
        Matcher used = Pattern.compile("\\$\\{(\\w+)").matcher(compose);
        while (used.find()) {
            assertThat(example).as(".env.example lists " + used.group(1)).contains(used.group(1));
        }
    }

    @Test
    void theHubAndTheWorkersSetOnlyKeysTheHubReads() throws IOException {
        Set<String> placeholders = placeholders();
        Set<String> declared = declaredPropertiesInEnvironmentForm();
        for (String service : List.of("hub", "connectors")) {
            List<String> unknown = new ArrayList<>();
            for (String key : environment(service).keySet()) {
                if (!placeholders.contains(key) && !declared.contains(key)) {
                    unknown.add(key);
                }
            }
            assertThat(unknown).as("environment keys of " + service + " that the hub does not read").isEmpty();
        }
        assertThat(environment("hub")).containsEntry("TONGFA_ROLES", "api,relay,ledger");
        assertThat(environment("connectors")).containsEntry("TONGFA_ROLES", "connectors");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheHubsPortAndPath() {
        Map<String, Object> app = hubApplicationYaml();
        int port = Integer.parseInt(resolve(String.valueOf(path(app, "server.port")), environment("hub")));
        String basePath = String.valueOf(java.util.Objects.requireNonNullElse(path(app, "management.endpoints.web.base-path"),
                "/actuator"));
        assertThat(String.valueOf(path(app, "management.endpoints.web.exposure.include"))).contains("prometheus");
        String metricsPath = basePath + "/prometheus";

        assertThat(volumes("prometheus"))
                .contains("./dashboards/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro")
                .contains("./dashboards/prometheus/rules:/etc/prometheus/rules:ro");
        Map<String, Object> prometheus = Files.yaml(Files.module("prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
        Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
        jobs.forEach(job -> byName.put(job.get("job_name").toString(), job));

        Map<String, Object> hubJob = byName.get("tongfa-hub");
        assertThat(hubJob.get("metrics_path")).isEqualTo(metricsPath);
        List<String> targets = (List<String>) ((List<Map<String, Object>>) hubJob.get("static_configs")).get(0)
                .get("targets");
        assertThat(targets).containsExactly("hub:" + port);
        assertThat(services()).containsKey("hub");
        assertThat((List<String>) services().get("hub").get("ports")).anyMatch(p -> p.endsWith(":" + port));

        Map<String, Object> workerJob = byName.get("tongfa-connectors");
        assertThat(workerJob.get("metrics_path")).isEqualTo(metricsPath);
        Map<String, Object> dns = ((List<Map<String, Object>>) workerJob.get("dns_sd_configs")).get(0);
        assertThat((List<String>) dns.get("names")).containsExactly("connectors");
        assertThat(services()).containsKey("connectors");
        assertThat(dns.get("port")).isEqualTo(port);
        assertThat(prometheus.get("rule_files")).isEqualTo(List.of("rules/*.yml"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithTheDashboardsFolder() {
        List<String> mounts = volumes("grafana");
        assertThat(mounts).contains("./dashboards/grafana/provisioning:/etc/grafana/provisioning:ro");
        String dashboardsMount = mounts.stream().filter(m -> m.startsWith("./dashboards/grafana/dashboards:"))
                .findFirst().orElseThrow(() -> new AssertionError("grafana mounts ./dashboards/grafana/dashboards"));
        String target = dashboardsMount.split(":")[1];

        Map<String, Object> provider = ((List<Map<String, Object>>) Files
                .yaml(Files.module("grafana/provisioning/dashboards/tongfa.yml")).get("providers")).get(0);
        assertThat(provider.get("type")).isEqualTo("file");
        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo(target);
        assertThat(java.nio.file.Files.isDirectory(Files.root("dashboards/grafana/dashboards"))).isTrue();

        Map<String, Object> source = ((List<Map<String, Object>>) Files
                .yaml(Files.module("grafana/provisioning/datasources/tongfa.yml")).get("datasources")).get(0);
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(services()).containsKey("prometheus");
        assertThat((List<String>) services().get("prometheus").get("ports")).contains("9090:9090");
    }

    /** Every {@code ${NAME} / ${NAME:…}} the hub's configuration and sources resolve. */
    static Set<String> placeholders() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = java.nio.file.Files.list(Files.root("hub-core/src/main/resources"))) {
            files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml"))
                    .forEach(f -> text.append(Files.read(f)));
        }
        text.append(Files.read(Files.root("deploy/tongfa.yml")));
        try (var sources = java.nio.file.Files.walk(Files.root("hub-core/src/main/java"))) {
            sources.filter(f -> f.toString().endsWith(".java")).forEach(f -> text.append(Files.read(f)));
        }
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Set<String> declaredPropertiesInEnvironmentForm() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> metadata = new ArrayList<>();
        Path hub = Files.root("hub-core/target/classes/META-INF/spring-configuration-metadata.json");
        assertThat(hub).as("the hub's configuration metadata: build hub-core first").exists();
        metadata.add(json.readTree(Files.read(hub)));
        for (URL url : Collections.list(DockerComposeTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (var in = url.openStream()) {
                metadata.add(json.readTree(in));
            }
        }
        Set<String> names = new HashSet<>();
        for (JsonNode file : metadata) {
            for (JsonNode property : file.path("properties")) {
                String name = property.get("name").asString();
                names.add(name.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT));
                names.add(name.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT));
            }
        }
        assertThat(names).contains("TONGFA_ROLES", "SPRING_PROFILES_ACTIVE");
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> hubApplicationYaml() {
        // The first document: what every profile shares.
        return (Map<String, Object>) Files.yamlDocuments(Files.root("hub-core/src/main/resources/application.yml"))
                .iterator().next();
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> yaml, String dotted) {
        Object node = yaml;
        for (String part : dotted.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(part);
        }
        return node;
    }

    /** Resolves {@code ${NAME:default}} against the service's environment. */
    static String resolve(String value, Map<String, Object> environment) {
        Matcher m = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}").matcher(value);
        if (!m.matches()) {
            return value;
        }
        Object set = environment.get(m.group(1));
        return set != null ? set.toString() : m.group(2);
    }
}
