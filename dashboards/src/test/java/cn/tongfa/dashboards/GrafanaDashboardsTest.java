package cn.tongfa.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards are valid for the schema version they declare. We declare 39 (Grafana 11.0's dashboard
 * model, loaded unchanged by the 12.x of docker-compose.yml): panels at the top level with {@code gridPos} on
 * the 24-column grid (no legacy {@code rows}), panel types of that model (no Angular {@code graph}), and
 * datasources as objects {@code {type, uid}} rather than names. Every panel, target and variable names the
 * datasource that {@code grafana/provisioning/datasources} provisions.
 */
class GrafanaDashboardsTest {

    static final int SCHEMA_VERSION = 39;
    static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table", "bargauge", "gauge", "text",
            "barchart", "piechart", "row");

    static List<Path> dashboards() throws IOException {
        try (var files = java.nio.file.Files.list(Files.module("grafana/dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    static String provisionedDatasourceUid() {
        Map<String, Object> provisioning = Files.yaml(Files.module("grafana/provisioning/datasources/tongfa.yml"));
        List<Map<String, Object>> sources = (List<Map<String, Object>>) provisioning.get("datasources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0)).containsEntry("type", "prometheus");
        return sources.get(0).get("uid").toString();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void dashboardIsValidForItsSchemaVersion(Path file) {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.read(file));
        String uid = provisionedDatasourceUid();

        assertThat(dashboard.get("schemaVersion").isInt()).as("schemaVersion is a number").isTrue();
        assertThat(dashboard.get("schemaVersion").asInt()).isEqualTo(SCHEMA_VERSION);
        assertThat(dashboard.get("uid").asString()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dashboard.get("title").asString()).isNotBlank();
        assertThat(dashboard.has("rows")).as("legacy rows").isFalse();
        assertThat(dashboard.get("time").get("from").asString()).isNotBlank();
        assertThat(dashboard.get("time").get("to").asString()).isNotBlank();
        assertThat(dashboard.get("templating").get("list").isArray()).isTrue();
        assertThat(dashboard.get("annotations").get("list").isArray()).isTrue();

        JsonNode panels = dashboard.get("panels");
        assertThat(panels.isArray() && !panels.isEmpty()).as("panels").isTrue();
        Set<Integer> ids = new HashSet<>();
        boolean[][] grid = new boolean[200][24];
        for (JsonNode panel : panels) {
            String name = file.getFileName() + " panel " + panel.path("title").asString();
            assertThat(ids.add(panel.get("id").asInt())).as(name + ": unique id").isTrue();
            assertThat(panel.get("id").isInt()).as(name + ": id").isTrue();
            assertThat(PANEL_TYPES).as(name + ": type").contains(panel.get("type").asString());
            assertThat(panel.get("title").asString()).as(name).isNotBlank();
            JsonNode pos = panel.get("gridPos");
            int x = pos.get("x").asInt(), y = pos.get("y").asInt(), w = pos.get("w").asInt(), h = pos.get("h").asInt();
            assertThat(w).as(name + ": width").isBetween(1, 24);
            assertThat(h).as(name + ": height").isPositive();
            assertThat(x + w).as(name + ": inside the 24 columns").isLessThanOrEqualTo(24);
            for (int row = y; row < y + h; row++) {
                for (int col = x; col < x + w; col++) {
                    assertThat(grid[row][col]).as(name + ": overlaps another panel").isFalse();
                    grid[row][col] = true;
                }
            }
            assertDatasource(panel.get("datasource"), uid, name);
            JsonNode targets = panel.get("targets");
            assertThat(targets.isArray() && !targets.isEmpty()).as(name + ": targets").isTrue();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : targets) {
                assertThat(refIds.add(target.get("refId").asString())).as(name + ": unique refId").isTrue();
                assertThat(target.get("expr").asString()).as(name + ": expr").isNotBlank();
                assertDatasource(target.get("datasource"), uid, name + " target");
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.get("type").asString())) {
                assertDatasource(variable.get("datasource"), uid, "variable " + variable.get("name").asString());
            }
        }
    }

    private static void assertDatasource(JsonNode datasource, String uid, String what) {
        assertThat(datasource).as(what + ": datasource").isNotNull();
        assertThat(datasource.isObject()).as(what + ": datasource is {type, uid}").isTrue();
        assertThat(datasource.get("type").asString()).as(what).isEqualTo("prometheus");
        assertThat(datasource.get("uid").asString()).as(what + ": the provisioned datasource").isEqualTo(uid);
    }
}
