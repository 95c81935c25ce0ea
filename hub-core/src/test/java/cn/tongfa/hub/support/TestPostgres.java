package cn.tongfa.hub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the build machines (127.0.0.1:5432, user postgres, trust auth; override with
 * TONGFA_TEST_POSTGRES_URL / _USER / _PASSWORD). Each test class gets a fresh database, dropped by nobody: the
 * names carry a random suffix, so runs never collide.
 *
 * <p>Without a server the tests that need it are skipped, loudly; in CI ({@code CI=true}) that is a failure.
 */
public final class TestPostgres {

    private static final String BASE_URL = env("TONGFA_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = env("TONGFA_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("TONGFA_TEST_POSTGRES_PASSWORD", "");

    private TestPostgres() {
    }

    /** Creates a new empty database and answers its JDBC URL; skips (or fails in CI) without a server. */
    public static String newDatabase() {
        String name = "tongfa_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(BASE_URL + "postgres", USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + BASE_URL + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + ": in CI every PostgreSQL test must run", e);
            }
            System.err.println("\n*** SKIPPING PostgreSQL integration tests: " + message + " ***\n");
            Assumptions.abort(message);
        }
        return BASE_URL + name;
    }

    public static String user() {
        return USER;
    }

    public static String password() {
        return PASSWORD;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
