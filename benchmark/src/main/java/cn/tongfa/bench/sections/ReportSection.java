package cn.tongfa.bench.sections;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.tongfa.bench.BenchContext;
import cn.tongfa.bench.BenchSection;
import cn.tongfa.bench.Figure;
import cn.tongfa.bench.env.Database;
import cn.tongfa.bench.env.Http;
import cn.tongfa.bench.env.HubProcess;

/**
 * Counts and the annual report of one agency's year with 10 million ledger rows in PostgreSQL, and the city view
 * over 100 agencies: seconds to produce, through the HTTP API of a hub started on that database.
 *
 * <p>The data: hub-core's generator ({@code hub-core/src/test/resources/report/generate-ledger.sql}, the script
 * the exactness test CountSummaryPostgresIT uses) writes the big agency's year (about 3.8 ledger rows per item:
 * four channels, updates, withdrawals, failures, categories, document types, 成文日期) and 99 smaller agencies,
 * with the triggers off, then {@code count_summary_rebuild} makes the summary as V23 does. The database is named
 * after the row count and kept: a later run reuses it ({@code --report-fresh} to generate again).
 *
 * <p>Figures: the median of {@code --report-runs} (5) requests after one warm-up; the raw ledger (the definition
 * of the counts, what the hub did before the summary) once, by a second hub started with
 * {@code tongfa.report.count-summary=false} ({@code --report-raw=false} skips it).
 */
public final class ReportSection implements BenchSection {

    static final String BIG = HubProcess.AGENCY;
    static final int YEAR = 2025;
    static final int CITY = 100;
    static final double ROWS_PER_ITEM = 3.78;

    @Override
    public String name() {
        return "report";
    }

    /** PostgreSQL only: the summary is PostgreSQL's, and one run of 10 million rows is enough. */
    @Override
    public boolean runsOn(String profile) {
        return "postgres".equals(profile);
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        long rows = Long.parseLong(ctx.option("report-rows", ctx.quick() ? "1000000" : "10000000"));
        int smallItems = ctx.intOption("report-city-items", 2_000);
        int runs = ctx.intOption("report-runs", ctx.quick() ? 3 : 5);
        List<Figure> figures = new ArrayList<>();

        Database db = ctx.namedPostgresDatabase("tongfa_bench_report_" + rows);
        boolean reuse = !ctx.option("report-fresh", "false").equals("true") && ready(db, rows);
        if (!reuse) {
            db = ctx.recreatePostgresDatabase("tongfa_bench_report_" + rows).migrated(ctx.repoRoot());
            long t0 = System.nanoTime();
            generate(ctx.repoRoot(), db, rows, smallItems);
            figures.add(Figure.of("report.generate_s", seconds(t0), "s",
                    "generator + count_summary_rebuild + vacuum analyze, not a target"));
        } else {
            db.migrated(ctx.repoRoot());
        }
        long ledgerRows = db.queryLong("select count(*) from delivery where agency = '" + BIG + "' and requested_at "
                + ">= timestamptz '" + YEAR + "-01-01 00:00+08' and requested_at < timestamptz '" + (YEAR + 1)
                + "-01-01 00:00+08'");
        long cityRows = db.queryLong("select count(*) from delivery");
        figures.add(Figure.of("report.ledger_rows", ledgerRows, "rows",
                "ledger rows of agency " + BIG + " sent in " + YEAR + "; " + cityRows + " rows in all, " + CITY
                        + " agencies" + (reuse ? " (database reused)" : "")));

        HubProcess hub = ctx.startHub("report-hub", db, agencies());
        Http api = hub.api();
        figures.add(Figure.atMost("report.counts_s",
                median(api, "/api/v1/agencies/" + BIG + "/counts?year=" + YEAR, "application/json", runs), "s", 1.0,
                "GET counts of one agency's year, median of " + runs));
        figures.add(Figure.atMost("report.annual_report_s",
                median(api, "/api/v1/agencies/" + BIG + "/reports/" + YEAR, "application/json", runs), "s", 3.0,
                "GET the full annual report (JSON: counts, tables, sentences), median of " + runs));
        figures.add(Figure.atMost("report.annual_report_docx_s",
                median(api, "/api/v1/agencies/" + BIG + "/reports/" + YEAR + ".docx", "*/*", runs), "s", 3.0,
                "GET the annual report as DOCX, median of " + runs));
        figures.add(Figure.of("report.city_s",
                median(api, "/api/v1/counts?year=" + YEAR, "application/json", runs), "s",
                "GET the city view: every one of " + CITY + " agencies' counts, median of " + runs));

        if (!ctx.option("report-raw", "true").equals("false")) {
            Map<String, String> raw = new LinkedHashMap<>(agencies());
            raw.put("tongfa.report.count-summary", "false");
            HubProcess rawHub = ctx.startHub("report-hub-raw", db, raw);
            long t0 = System.nanoTime();
            get(rawHub.api(), "/api/v1/agencies/" + BIG + "/counts?year=" + YEAR, "application/json");
            figures.add(Figure.of("report.counts_raw_ledger_s", seconds(t0), "s",
                    "the same counts grouped from the raw ledger (tongfa.report.count-summary=false), once, cold"));
        }
        return figures;
    }

    /** The big agency is the hub's own ({@value #BIG}); 99 more make the city. */
    private static Map<String, String> agencies() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 1; i < CITY; i++) {
            p.put("tongfa.agencies[" + i + "].id", String.format("%s-%03d", BIG, i));
            p.put("tongfa.agencies[" + i + "].name", "示范市第" + i + "局");
            p.put("tongfa.agencies[" + i + "].org-code", String.format("ORG%03d", i));
        }
        return p;
    }

    private static boolean ready(Database db, long rows) {
        try {
            return db.queryLong("select max(rows) from bench_report_dataset") == rows;
        } catch (SQLException e) {
            return false; // no such database or table yet
        }
    }

    private static void generate(Path repoRoot, Database db, long rows, int smallItems) throws Exception {
        String script = Files.readString(repoRoot.resolve("hub-core/src/test/resources/report/generate-ledger.sql"));
        long bigItems = Math.round(rows / ROWS_PER_ITEM);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // The triggers would keep the summary row by row; a bulk load rebuilds it once instead.
            s.execute("set session_replication_role = replica");
            s.execute(fill(script, BIG, "ORG000", "b000y25x", YEAR, bigItems, 0.25));
            s.execute(fill(script, BIG, "ORG000", "b000y24x", YEAR - 1, smallItems, 0.24));
            for (int i = 1; i < CITY; i++) {
                String id = String.format("%s-%03d", BIG, i);
                s.execute(fill(script, id, String.format("ORG%03d", i), String.format("b%03dy25x", i), YEAR,
                        smallItems, i / 1000.0));
            }
            s.execute("set session_replication_role = origin");
            s.execute("select count_summary_rebuild('Asia/Shanghai')");
            s.execute("vacuum analyze");
            s.execute("create table bench_report_dataset (rows bigint not null)");
            s.execute("insert into bench_report_dataset values (" + rows + ")");
        }
    }

    private static String fill(String script, String agency, String org, String prefix, int year, long items,
            double seed) {
        return script.replace("{{agency}}", agency).replace("{{org}}", org).replace("{{prefix}}", prefix)
                .replace("{{year}}", String.valueOf(year)).replace("{{items}}", String.valueOf(items))
                .replace("{{seed}}", String.valueOf(seed));
    }

    private static double median(Http api, String path, String accept, int runs) throws Exception {
        get(api, path, accept);
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            get(api, path, accept);
            times[i] = seconds(t0);
        }
        java.util.Arrays.sort(times);
        return times[runs / 2];
    }

    private static void get(Http api, String path, String accept) throws Exception {
        HttpRequest.Builder request = api.request(path).timeout(Duration.ofMinutes(30)).header("Accept", accept).GET();
        api.send(request).expect(200);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
