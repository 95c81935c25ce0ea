package cn.tongfa.hub.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import cn.tongfa.hub.support.TestPostgres;

/**
 * 索引号 serials on the hub's own schema, on H2 and on PostgreSQL: unique and without gaps under concurrent
 * publication, and not held by a publishing transaction that has not committed yet (the old counter made every
 * publication of an agency wait for the one before it to commit).
 */
class IndexSerialsIT {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentPublicationsGetEveryNumberOnceAndNeverWaitForEachOthersCommit(String vendor) throws Exception {
        try (HikariDataSource main = dataSource(vendor)) {
            Flyway.configure().dataSource(main)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
            IndexSerials serials = new IndexSerials(main);
            try {
                // Inside a publishing transaction of the main pool that has not committed yet, as in ItemService:
                // another publication of the same agency meanwhile gets its number without waiting for that commit.
                new TransactionTemplate(new DataSourceTransactionManager(main)).executeWithoutResult(status -> {
                    assertThat(serials.next("fy-xfj", 2026)).isEqualTo(1);
                    CompletableFuture<Long> meanwhile = CompletableFuture.supplyAsync(() -> serials.next("fy-xfj", 2026));
                    try {
                        assertThat(meanwhile.get(30, TimeUnit.SECONDS)).isEqualTo(2);
                    } catch (Exception e) {
                        throw new AssertionError("the second publication waited for the first one's commit", e);
                    }
                });

                ExecutorService threads = Executors.newFixedThreadPool(32);
                try {
                    List<CompletableFuture<Long>> taken = new ArrayList<>();
                    for (int i = 0; i < 600; i++) {
                        String agency = i % 3 == 0 ? "hf-gaj" : "fy-xfj";
                        taken.add(CompletableFuture.supplyAsync(() -> serials.next(agency, 2026), threads));
                    }
                    taken.add(CompletableFuture.supplyAsync(() -> serials.next("fy-xfj", 2027), threads));
                    Set<Long> fuyang = new TreeSet<>();
                    Set<Long> hefei = new TreeSet<>();
                    for (int i = 0; i < 600; i++) {
                        long serial = taken.get(i).get(60, TimeUnit.SECONDS);
                        assertThat(i % 3 == 0 ? hefei.add(serial) : fuyang.add(serial)).as("serial %d twice", serial)
                                .isTrue();
                    }
                    assertThat(fuyang).containsExactlyElementsOf(LongStream.rangeClosed(3, 402).boxed().toList());
                    assertThat(hefei).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
                    assertThat(taken.get(600).get(60, TimeUnit.SECONDS)).as("a new year starts at 1").isEqualTo(1);
                } finally {
                    threads.shutdownNow();
                }
                // The counter in the database agrees: a restarted hub continues after the last number handed out.
                try (Connection check = main.getConnection(); var statement = check.createStatement();
                        var rs = statement.executeQuery(
                                "select last_value from index_sequence where agency = 'fy-xfj' and index_year = 2026")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(402);
                }
            } finally {
                serials.destroy();
            }
        }
    }

    private static HikariDataSource dataSource(String vendor) {
        HikariConfig config = new HikariConfig();
        if ("h2".equals(vendor)) {
            config.setJdbcUrl("jdbc:h2:mem:serials-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            config.setUsername("sa");
        } else {
            config.setJdbcUrl(TestPostgres.newDatabase());
            config.setUsername(TestPostgres.user());
            config.setPassword(TestPostgres.password());
        }
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
