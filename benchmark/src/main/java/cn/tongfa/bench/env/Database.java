package cn.tongfa.bench.env;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;

/**
 * A database the benchmark uses, by JDBC URL.
 *
 * @param url      JDBC URL
 * @param user     user
 * @param password password (empty for trust auth and H2)
 * @param vendor   {@code postgresql} or {@code h2}: the hub's vendor migration folder
 */
public record Database(String url, String user, String password, String vendor) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    public Database withUrlSuffix(String suffix) {
        return new Database(url + suffix, user, password, vendor);
    }

    /** A single number from a query (a count, a maximum). */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Creates the hub's schema with the hub's own Flyway migrations, read from hub-core's sources, so a section
     * writes into exactly the tables (and indexes) the hub writes into.
     */
    public Database migrated(Path repoRoot) {
        Path migrations = repoRoot.resolve("hub-core/src/main/resources/db");
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("filesystem:" + migrations.resolve("migration"),
                        "filesystem:" + migrations.resolve("vendor").resolve(vendor))
                .load()
                .migrate();
        return this;
    }

    /** A new empty PostgreSQL database on the given server (base URL ends with '/'). */
    public static Database newPostgres(String baseUrl, String user, String password, String prefix) throws SQLException {
        String name = (prefix + "_" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString((int) (Math.random() * 1296), 36)).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password);
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return new Database(baseUrl + name, user, password, "postgresql");
    }

    /** A new H2 file database under {@code dir}, in the hub's URL settings (PostgreSQL mode). */
    public static Database newH2(Path dir, String name) {
        return new Database("jdbc:h2:file:" + dir.toAbsolutePath().resolve(name)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", "h2");
    }
}
