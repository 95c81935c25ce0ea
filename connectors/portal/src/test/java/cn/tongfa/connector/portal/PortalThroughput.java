package cn.tongfa.connector.portal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;

/**
 * A repeatable measurement of the portal connector's cost per delivery (issue 8), not a test: publishes N items
 * of one agency through {@link PortalConnector} into a temporary directory in groups of G deliveries (each group
 * queued together and written as one, as the connector does with deliveries that arrive while it writes), with
 * some updates (a few moving column) and withdrawals mixed in, then looks items up. It prints deliveries per
 * second and the CPU time per delivery, in user mode (the connector's own work) and in the kernel (the file
 * system's), and the CPU time per look-up. Groups of a fixed size keep runs comparable: with deliveries racing
 * each other, a faster connector forms smaller groups. The machine may be shared: compare runs made one after
 * the other, and ratios rather than absolute values.
 *
 * <pre>
 * ./mvnw -B -ntp -o -q -DskipTests install -pl connectors/portal -am
 * ./mvnw -B -ntp -o -q dependency:build-classpath -pl connectors/portal \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * cd connectors/portal &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     cn.tongfa.connector.portal.PortalThroughput [items=5000] [group size=8] [warm-up items=500]
 * </pre>
 */
final class PortalThroughput {

    private static final String[] COLUMNS = {"政策法规", "业务工作", "通知公告", "人事信息", "规划计划"};
    private static final Instant START = Instant.parse("2026-01-05T01:00:00Z");

    // Only here, so that dropping it lets its memory go.
    private static PortalConnector connector;

    private PortalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int group = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path root = Files.createTempDirectory("tongfa-portal-throughput");
        try {
            PortalSettings settings = new PortalSettings(root, null, 20, 50, Map.of("bench",
                    new PortalSettings.AgencyPortal(null, List.of(new PortalSettings.Column("政策法规", "zcfg"),
                            new PortalSettings.Column("业务工作", "ywgz")))));
            connector = new PortalConnector(settings);
            connector.start();
            if (warmUp > 0) {
                run("warm", warmUp, group);
            }
            System.out.printf(Locale.ROOT, "portal throughput: %d items in groups of %d, %d cores, Java %s%n", items,
                    group, Runtime.getRuntime().availableProcessors(), Runtime.version());
            Result result = run("bench", items, group);
            System.out.printf(Locale.ROOT,
                    "deliveries %d (failed %d) in %.1f s: %.0f deliveries/s; CPU per delivery %.2f ms "
                            + "(user %.2f ms, kernel %.2f ms)%n",
                    result.deliveries, result.failed, result.wallNanos / 1e9,
                    result.deliveries / (result.wallNanos / 1e9), result.cpuNanos / 1e6 / result.deliveries,
                    result.userNanos / 1e6 / result.deliveries,
                    (result.cpuNanos - result.userNanos) / 1e6 / result.deliveries);
            lookups("bench", items);
            long held = heldByConnector();
            System.out.printf(Locale.ROOT, "heap held by the connector after the run: %.1f MB (%.0f bytes per item)%n",
                    held / 1e6, (double) held / (items + warmUp));
        } finally {
            delete(root);
        }
    }

    private record Result(int deliveries, int failed, long wallNanos, long cpuNanos, long userNanos) {
    }

    private static Result run(String agency, int items, int group) {
        List<ItemEvent> events = events(agency, items);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int failed = 0;
        long cpu = mx.getCurrentThreadCpuTime();
        long user = mx.getCurrentThreadUserTime();
        long started = System.nanoTime();
        for (int from = 0; from < events.size(); from += group) {
            Map<ItemEvent, DeliveryException> failures = connector.deliverTogether(
                    events.subList(from, Math.min(events.size(), from + group)));
            for (Map.Entry<ItemEvent, DeliveryException> failure : failures.entrySet()) {
                if (failed++ < 5) {
                    System.err.println(failure.getKey().itemId() + " v" + failure.getKey().version() + ": "
                            + failure.getValue().getMessage());
                }
            }
        }
        return new Result(events.size(), failed, System.nanoTime() - started, mx.getCurrentThreadCpuTime() - cpu,
                mx.getCurrentThreadUserTime() - user);
    }

    // Every item published once, into a column drawn at random; every 10th publication is followed by an update of
    // the item published 100 before (every third of those moving it to another column), every 50th by the
    // withdrawal of the one published 200 before.
    private static List<ItemEvent> events(String agency, int items) {
        Random random = new Random(8);
        int[] column = new int[items + 1];
        List<ItemEvent> events = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            column[i] = random.nextInt(COLUMNS.length);
            events.add(event(agency, ItemAction.PUBLISH, i, 1, COLUMNS[column[i]]));
            if (i % 10 == 0 && i > 100) {
                int j = i - 100;
                if (i % 30 == 0) {
                    column[j] = (column[j] + 1) % COLUMNS.length;
                }
                events.add(event(agency, ItemAction.UPDATE, j, 2, COLUMNS[column[j]]));
            }
            if (i % 50 == 0 && i > 200) {
                events.add(event(agency, ItemAction.WITHDRAW, i - 200, 1, COLUMNS[column[i - 200]]));
            }
        }
        return events;
    }

    private static ItemEvent event(String agency, ItemAction action, int n, int version, String column) {
        String id = String.format(Locale.ROOT, "%s%06d", agency, n);
        Instant published = START.plusSeconds(n / 2);
        LocalDate day = published.atOffset(ZoneOffset.ofHours(8)).toLocalDate();
        String path = String.format(Locale.ROOT, "%s/%04d%02d/t%04d%02d%02d_%s.html", agency, day.getYear(),
                day.getMonthValue(), day.getYear(), day.getMonthValue(), day.getDayOfMonth(), id);
        ItemSnapshot item = new ItemSnapshot("关于印发第" + n + "号文件的通知（第" + version + "版）",
                "为进一步做好有关工作，现将第" + n + "号文件印发给你们，请结合实际认真贯彻执行。",
                "<p>" + "正文内容。".repeat(40) + "</p>", column, "通知", "某发〔2026〕" + n + "号",
                day.minusDays(1), "11340000MB1234567X/2026-" + n, "示范市司法局",
                "https://www.example.gov.cn/" + path, path, OffsetDateTime.ofInstant(published, ZoneOffset.ofHours(8)),
                null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, id, version, agency, List.of("portal"), item,
                published.plusSeconds(version * 3600L));
    }

    private static void lookups(String agency, int items) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int count = Math.min(1_000, items);
        int found = 0;
        long before = mx.getCurrentThreadCpuTime();
        for (int k = 0; k < count; k++) {
            int n = 1 + (int) ((long) k * items / count);
            if (connector.lookup(event(agency, ItemAction.PUBLISH, n, 1, null)) instanceof Lookup.Found) {
                found++;
            }
        }
        long cpu = mx.getCurrentThreadCpuTime() - before;
        System.out.printf(Locale.ROOT, "look-ups %d (found at version 1: %d): CPU per look-up %.3f ms%n", count,
                found, cpu / 1e6 / count);
    }

    // What the connector keeps between deliveries: the heap in use with it minus the heap in use without it.
    private static long heldByConnector() throws InterruptedException {
        long with = usedAfterGc();
        connector = null;
        return with - usedAfterGc();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
