package cn.tongfa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.tongfa.bench.env.Database;
import cn.tongfa.bench.env.HubProcess;

/**
 * What a section can use during one profile's run: the running hub (its URL, API token, process, database,
 * Kafka), fresh databases of the profile's kind or on PostgreSQL, a further hub of its own, the options given
 * on the command line, and the figures earlier sections produced.
 */
public final class BenchContext {

    private final String profile;
    private final boolean quick;
    private final Path repoRoot;
    private final Path workDir;
    private final Map<String, String> options;
    private final Bench.Postgres postgres;
    private final String simulatorsUrl;
    private final HubProcess hub;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();

    BenchContext(String profile, boolean quick, Path repoRoot, Path workDir, Map<String, String> options,
            Bench.Postgres postgres, String simulatorsUrl, HubProcess hub) {
        this.profile = profile;
        this.quick = quick;
        this.repoRoot = repoRoot;
        this.workDir = workDir;
        this.options = options;
        this.postgres = postgres;
        this.simulatorsUrl = simulatorsUrl;
        this.hub = hub;
    }

    /** {@code embedded} (H2 and the hub's own broker) or {@code postgres} (PostgreSQL and a separate broker). */
    public String profile() {
        return profile;
    }

    /** Whether {@code --quick} asked for a short run (smaller counts, shorter phases). */
    public boolean quick() {
        return quick;
    }

    public Path repoRoot() {
        return repoRoot;
    }

    /** A directory of this profile's run, for files a section writes (JFR recordings, H2 files). */
    public Path workDir() {
        return workDir;
    }

    /** A command-line option ({@code --name=value}), or the fallback. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, String.valueOf(fallback)));
    }

    /** The hub under test, started by the runner for this profile (the same one for every section). */
    public HubProcess hub() {
        return hub;
    }

    /** The hub's database (H2 in the embedded profile: read it only while the hub is stopped, or through the hub). */
    public Database hubDatabase() {
        return hub.database();
    }

    /** The Kafka bootstrap servers the hub uses. */
    public String kafkaBootstrap() {
        return hub.kafkaBootstrap();
    }

    /** Base URL of the channel simulators ({@code /sandbox/{channel}/...}). */
    public String simulatorsUrl() {
        return simulatorsUrl;
    }

    /**
     * A new empty database of this profile's kind (H2 file or PostgreSQL) with the hub's schema, made by the hub's
     * own Flyway migrations.
     */
    public Database newHubSchemaDatabase(String name) throws SQLException, IOException {
        Database db = "postgres".equals(profile) ? newPostgresDatabase(name)
                : Database.newH2(Files.createDirectories(workDir.resolve("h2")), name);
        return db.migrated(repoRoot);
    }

    /** A new empty PostgreSQL database (whatever the profile), without schema. */
    public Database newPostgresDatabase(String name) throws SQLException {
        return Database.newPostgres(postgres.baseUrl(), postgres.user(), postgres.password(), "tongfa_bench_" + name);
    }

    /**
     * The PostgreSQL database of that exact name on the benchmark's server, which may not exist: for data a section
     * keeps between runs (it is expensive to make), checked by the section before use.
     */
    public Database namedPostgresDatabase(String name) {
        return new Database(postgres.baseUrl() + name, postgres.user(), postgres.password(), "postgresql");
    }

    /** The PostgreSQL database of that exact name, dropped if it exists and created empty. */
    public Database recreatePostgresDatabase(String name) throws SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(postgres.baseUrl() + "postgres",
                postgres.user(), postgres.password()); java.sql.Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name);
            s.execute("create database " + name);
        }
        return namedPostgresDatabase(name);
    }

    /**
     * Starts a further hub of this profile's kind on the given database (and the profile's Kafka), e.g. for a
     * section that needs its own data. Stopped by the runner at the end of the profile's run.
     */
    public HubProcess startHub(String name, Database database, Map<String, String> extraProperties)
            throws IOException, InterruptedException {
        HubProcess other = HubProcess.start(new HubProcess.Options(name, repoRoot, workDir, database, false,
                hub.kafkaBootstrap(), simulatorsUrl, option("hub-heap", "512m"), List.of(), extraProperties));
        owned.add(other);
        return other;
    }

    /** A figure an earlier section of this profile's run produced. */
    public Optional<Figure> figure(String name) {
        return Optional.ofNullable(figures.get(name));
    }

    void record(Figure figure) {
        figures.put(figure.name(), figure);
    }

    List<Figure> figures() {
        return List.copyOf(figures.values());
    }

    void closeOwned() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                System.err.println("[bench] closing " + owned.get(i) + ": " + e);
            }
        }
    }
}
