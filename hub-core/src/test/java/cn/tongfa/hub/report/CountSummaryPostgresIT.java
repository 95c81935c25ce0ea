package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.delivery.DeliveryLedger;
import cn.tongfa.hub.support.TestPostgres;

/**
 * The pre-aggregated counts (V22) equal the counts of the raw ledger, on PostgreSQL: on generated years of two
 * agencies written with the triggers on, then after what the ledger and the editors do to them (late reports that
 * move a first delivery earlier, applied in one batch by the real {@link DeliveryLedger}; category, document type and 成文日期
 * edits of delivered items; rows deleted and times changed by hand), after folding the deltas, and after a rebuild.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CountSummaryPostgresIT {

    private static final List<String> AGENCIES = List.of("sum-a", "sum-b");
    private static final List<Integer> YEARS = List.of(2024, 2025, 2026);
    private static String databaseUrl;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    CountsService counts;
    @Autowired
    LedgerSummary summary;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @BeforeAll
    static void database() {
        databaseUrl = TestPostgres.newDatabase();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("tongfa.kafka.embedded.enabled", () -> "false");
        registry.add("tongfa.roles", () -> "api");
        // Folded by the test itself, at the moments it chooses.
        registry.add("tongfa.report.compact-interval", () -> "1h");
        for (int i = 0; i < AGENCIES.size(); i++) {
            int n = i;
            registry.add("tongfa.agencies[" + i + "].id", () -> AGENCIES.get(n));
            registry.add("tongfa.agencies[" + i + "].name", () -> "汇总测试局" + n);
        }
    }

    @Test
    @Order(1)
    void generatedYearsCountTheSameBothWays() throws Exception {
        assertThat(summary.enabled()).isTrue();
        generate("sum-a", "SA", "sa24x", 2024, 600, 0.11);
        generate("sum-a", "SA", "sa25x", 2025, 2500, 0.22);
        generate("sum-b", "SB", "sb25x", 2025, 800, 0.33);
        assertThat(jdbc.sql("select count(*) from count_delta").query(Long.class).single()).isPositive();
        assertSameBothWays();
        // The year has what the generator promises: every channel, updates, failures, late and undated items.
        Counts year = counts.counts("sum-a", 2025);
        assertThat(year.deliveries().values()).allMatch(n -> n > 100);
        assertThat(year.timeliness().overLimit()).isPositive();
        assertThat(year.timeliness().withoutWrittenOn()).isPositive();
        assertThat(year.byCategory()).containsKey(CountsService.UNCATEGORISED);
    }

    @Test
    @Order(2)
    void lateReportsEditsAndHandChangesKeepThemEqual() {
        // Late reports of failed first versions, through the ledger, dated before the later versions' deliveries
        // (and some across the year boundary): the first delivery moves earlier.
        List<Map<String, Object>> failed = jdbc.sql("""
                select d.item_id, d.channel, d.version, d.agency, i.published_at from delivery d
                join item i on i.id = d.item_id
                where d.status = 'FAILED' and d.version = 1 order by d.item_id, d.channel limit 60
                """).query().listOfRows();
        assertThat(failed).hasSizeGreaterThan(20);
        int n = 0;
        List<DeliveryEvent> late = new java.util.ArrayList<>();
        for (Map<String, Object> row : failed) {
            Instant publishedAt = ((java.sql.Timestamp) row.get("published_at")).toInstant();
            Instant at = n++ % 5 == 0 ? Instant.parse("2024-12-31T15:59:30Z") : publishedAt.plusSeconds(30);
            late.add(new DeliveryEvent(UUID.randomUUID().toString(), (String) row.get("item_id"),
                    (String) row.get("agency"), (String) row.get("channel"), (Integer) row.get("version"),
                    ItemAction.PUBLISH, DeliveryOutcome.DELIVERED, "late-ref", null, null, null, 2, publishedAt, at));
        }
        // As the ledger consumer applies a poll: one batch in one transaction.
        transactions.executeWithoutResult(status -> ledger.applyAll(late));
        assertThat(jdbc.sql("select count(*) from delivery where status = 'DELIVERED' and ref = 'late-ref'")
                .query(Long.class).single()).isEqualTo(failed.size());
        // Editors change the category, document type and 成文日期 of delivered items.
        jdbc.sql("update item set category = '新分类' where agency = 'sum-a' and id like 'sa25x%' and id < 'sa25x000000000300'")
                .update();
        jdbc.sql("update item set doc_type = '行政规范性文件', written_on = date '2024-06-01' "
                + "where agency = 'sum-a' and id like 'sa25x0000000004%'").update();
        jdbc.sql("update item set category = null, written_on = null where id like 'sb25x00000000001%'").update();
        // By hand: delivery rows deleted, a delivery time moved later, one moved to another year.
        jdbc.sql("delete from delivery where item_id like 'sa25x0000000006%' and channel in ('portal', 'wechat')")
                .update();
        jdbc.sql("update delivery set delivered_at = delivered_at + interval '40 days' "
                + "where item_id like 'sa25x0000000007%' and delivered_at is not null").update();
        jdbc.sql("update delivery set delivered_at = timestamptz '2026-01-02 10:00:00+08' "
                + "where item_id like 'sa25x0000000008%' and delivered_at is not null").update();
        assertSameBothWays();

        summary.compact();
        assertThat(jdbc.sql("select count(*) from count_delta").query(Long.class).single()).isZero();
        assertSameBothWays();

        jdbc.sql("update item set category = '业务工作' where id like 'sa25x0000000001%'").update();
        assertSameBothWays();

        summary.rebuild("Asia/Shanghai");
        assertSameBothWays();
    }

    private void assertSameBothWays() {
        for (String agency : AGENCIES) {
            for (int year : YEARS) {
                Counts raw = counts.counts(agency, year, false);
                assertThat(counts.counts(agency, year, true)).as("%s %d", agency, year).isEqualTo(raw);
                assertThat(counts.overLimit(agency, year, true)).as("late %s %d", agency, year)
                        .containsExactlyInAnyOrderElementsOf(counts.overLimit(agency, year, false));
            }
        }
    }

    /** Runs the generator (the same script the report benchmark runs for its 10 million rows). */
    private void generate(String agency, String org, String prefix, int year, int items, double seed)
            throws IOException, SQLException {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/report/generate-ledger.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        script = script.replace("{{agency}}", agency).replace("{{org}}", org).replace("{{prefix}}", prefix)
                .replace("{{year}}", String.valueOf(year)).replace("{{items}}", String.valueOf(items))
                .replace("{{seed}}", String.valueOf(seed));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(script);
        }
    }
}
