package cn.tongfa.hub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Restarts the build machine's PostgreSQL cluster (Debian's pg_ctlcluster; the CI runs as root). */
final class PostgresControl {

    private final String version;

    private PostgresControl(String version) {
        this.version = version;
    }

    static PostgresControl local() throws IOException {
        Path clusters = Path.of("/etc/postgresql");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!Files.isDirectory(clusters)) {
            if (ci) {
                throw new IllegalStateException("no local PostgreSQL cluster to restart (/etc/postgresql missing)");
            }
            Assumptions.abort("no local PostgreSQL cluster to restart");
        }
        try (var versions = Files.list(clusters)) {
            return new PostgresControl(versions.map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow());
        }
    }

    void restart() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main",
                "restart")).inheritIO().start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("pg_ctlcluster restart failed");
        }
    }
}
