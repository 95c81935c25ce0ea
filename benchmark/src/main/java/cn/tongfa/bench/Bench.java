package cn.tongfa.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.bench.env.BrokerProcess;
import cn.tongfa.bench.env.ChildJvm;
import cn.tongfa.bench.env.Database;
import cn.tongfa.bench.env.HubProcess;
import cn.tongfa.bench.env.Ports;
import cn.tongfa.bench.env.SimulatorMain;
import cn.tongfa.bench.sections.BaselineSection;
import cn.tongfa.bench.sections.HubThroughputSection;
import cn.tongfa.bench.sections.LatencySection;
import cn.tongfa.bench.sections.MediaSection;
import cn.tongfa.bench.sections.ReportSection;

/**
 * The benchmark of issue 8. For each profile it prepares a fresh environment (database, Kafka broker, channel
 * simulators in their own JVM, the hub from its jar), runs {@link #SECTIONS} in order, prints one table and
 * writes the same figures as JSON.
 *
 * <pre>
 * ./bench [--profile=embedded|postgres|both] [--quick] [--out=path.json] [--only=baseline,hub] [--items=N]
 * </pre>
 */
public final class Bench {

    /** The sections, in the order they run. Add a section here. */
    static final List<BenchSection> SECTIONS = List.of(
            new BaselineSection(),
            new HubThroughputSection(),
            new LatencySection(),
            new MediaSection(),
            new ReportSection());

    /** The PostgreSQL server (base URL ending in '/'), from TONGFA_BENCH_POSTGRES_URL/_USER/_PASSWORD. */
    record Postgres(String baseUrl, String user, String password) {
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path repoRoot = repoRoot();
        boolean quick = options.containsKey("quick");
        List<String> profiles = switch (options.getOrDefault("profile", "both")) {
            case "embedded" -> List.of("embedded");
            case "postgres" -> List.of("postgres");
            case "both" -> List.of("embedded", "postgres");
            default -> throw new IllegalArgumentException("--profile must be embedded, postgres or both");
        };
        List<String> only = options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of();
        Postgres postgres = new Postgres(env("TONGFA_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/"),
                env("TONGFA_BENCH_POSTGRES_USER", "postgres"), env("TONGFA_BENCH_POSTGRES_PASSWORD", ""));
        Path out = Path.of(options.getOrDefault("out", repoRoot.resolve("benchmark/target/bench-results.json").toString()));
        Path work = Files.createDirectories(repoRoot.resolve("benchmark/target/run-" + System.currentTimeMillis()));

        Map<String, String> machine = Machine.facts(repoRoot);
        System.out.println("[bench] machine " + machine);
        System.out.println("[bench] work directory " + work);

        Map<String, List<Figure>> results = new LinkedHashMap<>();
        for (String profile : profiles) {
            results.put(profile, runProfile(profile, quick, repoRoot, work.resolve(profile), options, postgres, only));
            write(out, machine, options, results);
        }
        machine.put("load_at_end", Machine.loadAverage());
        write(out, machine, options, results);
        System.out.println();
        System.out.print(Table.render(machine, results));
        System.out.println("[bench] figures written to " + out);
    }

    private static List<Figure> runProfile(String profile, boolean quick, Path repoRoot, Path work,
            Map<String, String> options, Postgres postgres, List<String> only) throws Exception {
        Files.createDirectories(work);
        System.out.println("[bench] === profile " + profile + " ===");
        List<AutoCloseable> started = new ArrayList<>();
        BenchContext ctx = null;
        try {
            int simulatorPort = Ports.free();
            ChildJvm simulators = ChildJvm.start("simulators", work, List.of("-Xmx1g"),
                    ChildJvm.benchClassPath(SimulatorMain.class.getName(), String.valueOf(simulatorPort),
                            work.resolve("sandbox-portal").toString()));
            started.add(simulators);
            Database hubDb;
            String bootstrap = null;
            boolean embedded = "embedded".equals(profile);
            if (embedded) {
                // AUTO_SERVER: the hub opens its file in-process as usual; the benchmark reads the ledger over TCP.
                hubDb = Database.newH2(Files.createDirectories(work.resolve("hub-db")), "tongfa").withUrlSuffix(";AUTO_SERVER=TRUE");
            } else {
                hubDb = Database.newPostgres(postgres.baseUrl(), postgres.user(), postgres.password(), "tongfa_bench_hub");
                BrokerProcess broker = BrokerProcess.start(work);
                started.add(broker);
                bootstrap = broker.bootstrapServers();
            }
            String simulatorsUrl = "http://localhost:" + simulatorPort;
            SimulatorsReady.await(simulatorsUrl, simulators);
            List<String> jvmArgs = new ArrayList<>();
            if (options.containsKey("hub-jvm-args")) {
                jvmArgs.addAll(List.of(options.get("hub-jvm-args").split(" ")));
            }
            HubProcess hub = HubProcess.start(new HubProcess.Options("hub", repoRoot, work, hubDb, embedded,
                    bootstrap, simulatorsUrl, options.getOrDefault("hub-heap", "512m"), jvmArgs, Map.of()));
            started.add(hub);
            System.out.println("[bench] hub up at " + hub.url() + " (pid " + hub.pid() + ", kafka "
                    + hub.kafkaBootstrap() + ", database " + hubDb.url() + ")");
            ctx = new BenchContext(profile, quick, repoRoot, work, options, postgres, simulatorsUrl, hub);
            for (BenchSection section : SECTIONS) {
                if (!section.runsOn(profile) || (!only.isEmpty() && !only.contains(section.name()))) {
                    continue;
                }
                System.out.println("[bench] --- " + profile + " / " + section.name() + " ---");
                long t0 = System.nanoTime();
                try {
                    for (Figure figure : section.run(ctx)) {
                        ctx.record(figure);
                        System.out.println("[bench]   " + figure.name() + " = " + figure.formattedValue() + " "
                                + figure.unit() + (figure.notes().isEmpty() ? "" : "  (" + figure.notes() + ")"));
                    }
                } catch (Exception | AssertionError e) {
                    e.printStackTrace();
                    ctx.record(Figure.failed(section.name() + ".error", e.toString()));
                }
                System.out.printf("[bench] --- %s done in %d s%n", section.name(), (System.nanoTime() - t0) / 1_000_000_000);
            }
            return ctx.figures();
        } finally {
            if (ctx != null) {
                ctx.closeOwned();
            }
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    private static void write(Path out, Map<String, String> machine, Map<String, String> options,
            Map<String, List<Figure>> results) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine);
        doc.put("options", options);
        Map<String, Object> profiles = new LinkedHashMap<>();
        results.forEach((profile, figures) -> profiles.put(profile, figures.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("value", Double.isNaN(f.value()) ? null : f.value());
            m.put("unit", f.unit());
            m.put("target", f.target());
            m.put("met", f.met());
            m.put("notes", f.notes());
            return m;
        }).toList()));
        doc.put("profiles", profiles);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(doc));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (key.contains("=")) {
                options.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }

    /** The repository root: the nearest directory upwards holding mvnw and hub-core. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("hub-core"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run the benchmark from inside the repository (./bench)");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
