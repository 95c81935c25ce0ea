package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;
import cn.tongfa.hub.support.TestPostgres;

/**
 * The annual report on PostgreSQL, from ledgers built row by row with known contents: every count, the
 * channel sentence, 累计数 on top of imported history, year boundaries in the hub's zone, table 二 validity,
 * entered figures and their checks, the DOCX and XLSX parsed back, and publication through the review chain.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportPostgresIT {

    static final String PASSWORD = "report-it-secret";
    static final int PORT = FreePort.find();
    static final String BASE = "http://localhost:" + PORT;
    private static String databaseUrl;

    @Autowired
    JdbcClient jdbc;

    private final HubClient admin = new HubClient(BASE, "admin", PASSWORD);
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void database() {
        databaseUrl = TestPostgres.newDatabase();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("tongfa.kafka.embedded.enabled", () -> "false");
        // No connector runs: the ledger is written by the tests themselves.
        registry.add("tongfa.roles", () -> "api");
        registry.add("TONGFA_ADMIN_PASSWORD", () -> PASSWORD);
        String[][] agencies = {{"fy-xfj", "阜阳市信访局"}, {"edge", "示范市统计局"}};
        for (int i = 0; i < agencies.length; i++) {
            int n = i;
            registry.add("tongfa.agencies[" + i + "].id", () -> agencies[n][0]);
            registry.add("tongfa.agencies[" + i + "].name", () -> agencies[n][1]);
            registry.add("tongfa.agencies[" + i + "].review-chain", () -> "REVIEWER,APPROVER");
            registry.add("tongfa.agencies[" + i + "].categories", () -> "机构职能,政策法规,业务工作,其他");
        }
        String[][] users = {{"bianji", "fy-xfj", "EDITOR"}, {"shenhe", "fy-xfj", "REVIEWER"},
                {"qianfa", "fy-xfj", "APPROVER"}, {"guanli", "fy-xfj", "ADMIN"}, {"waiju", "edge", "ADMIN"}};
        for (int i = 0; i < users.length; i++) {
            int n = i;
            registry.add("tongfa.demo.users[" + i + "].username", () -> users[n][0]);
            registry.add("tongfa.demo.users[" + i + "].password", () -> PASSWORD);
            registry.add("tongfa.demo.users[" + i + "].agency", () -> users[n][1]);
            registry.add("tongfa.demo.users[" + i + "].roles", () -> users[n][2]);
        }
    }

    private HubClient as(String user) {
        return new HubClient(BASE, user, PASSWORD);
    }

    // ---- the ledger, row by row ----

    private static int sequence;

    private String item(String agency, String category, String docType, LocalDate writtenOn, String status) {
        String id = String.format("it%014d", ++sequence);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into item (id, agency, title, body_html, category, doc_type, written_on, channels, status,
                    version, created_by, created_at, updated_at, published_at)
                values (?, ?, ?, '<p>正文</p>', ?, ?, ?, 'portal,disclosure,wechat,weibo', ?, 1, 'bianji', ?, ?, ?)
                """)
                .params(id, agency, "信息 " + id, category, docType, writtenOn, status, now, now, now)
                .update();
        return id;
    }

    private void delivered(String itemId, String agency, String channel, int version, OffsetDateTime at,
            String status) {
        jdbc.sql("""
                insert into delivery (item_id, channel, version, agency, action, status, attempts, requested_at,
                    delivered_at, updated_at)
                values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                """)
                .params(itemId, channel, version, agency, version == 1 ? "PUBLISH" : "UPDATE", status,
                        at.minusSeconds(5), at.withOffsetSameInstant(ZoneOffset.UTC),
                        at.withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }

    private static OffsetDateTime beijing(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+08:00");
    }

    /**
     * 360 items of 2025 on the portal; the first 188 also on the disclosure column, the first 300 on WeChat,
     * the first 179 on Weibo: 1027 deliveries. Categories 5 + 27 + 326 + 2; 政策解读 34, 行政规范性文件 3, 规章 1.
     */
    private List<String> buildTheFuyangLedger() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 360; i++) {
            String category = i < 5 ? "机构职能" : i < 32 ? "政策法规" : i < 358 ? "业务工作" : "其他";
            String docType = i >= 100 && i < 134 ? "政策解读" : i >= 200 && i < 203 ? "行政规范性文件" : i == 210 ? "规章"
                    : null;
            LocalDate writtenOn = null;
            OffsetDateTime at = beijing("2025-03-10T09:30:00");
            if (i == 200) {
                writtenOn = LocalDate.of(2025, 3, 3); // 5 working days
            } else if (i == 201) {
                writtenOn = LocalDate.of(2025, 1, 2); // far over
            } else if (i == 202) {
                writtenOn = LocalDate.of(2025, 9, 26); // national day: the 20th working day is 10-30
                at = beijing("2025-10-30T17:00:00");
            } else if (i == 210) {
                writtenOn = LocalDate.of(2025, 9, 26);
                at = beijing("2025-10-31T08:00:00"); // the 21st
            }
            String id = item("fy-xfj", category, docType, writtenOn, "PUBLISHED");
            ids.add(id);
            delivered(id, "fy-xfj", "portal", 1, at, "DELIVERED");
            if (i < 188) {
                delivered(id, "fy-xfj", "disclosure", 1, at.plusSeconds(3), "DELIVERED");
            }
            if (i < 300) {
                delivered(id, "fy-xfj", "wechat", 1, at.plusSeconds(60), "DELIVERED");
            }
            if (i < 179) {
                delivered(id, "fy-xfj", "weibo", 1, at.plusSeconds(5), "DELIVERED");
            }
        }
        // A failed delivery and one still pending count nowhere.
        String failed = item("fy-xfj", "业务工作", null, null, "PUBLISHED");
        jdbc.sql("insert into delivery (item_id, channel, version, agency, action, status, attempts, updated_at) "
                + "values (?, 'wechat', 1, 'fy-xfj', 'PUBLISH', 'FAILED', 5, now())").param(failed).update();
        return ids;
    }

    private JsonNode put(HubClient client, String path, Object body, int expected) {
        HubClient.Response response = client.send(client.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8)));
        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        return response.json();
    }

    private byte[] bytes(String user, String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    private static List<String> ids;

    @Test
    @Order(1)
    void everyNumberOfAKnownLedgerIsCounted() {
        ids = buildTheFuyangLedger();
        HubClient.Response imported = admin.send(admin.request("/api/v1/agencies/fy-xfj/reports/history")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("""
                        year,measure,key,count,cumulative
                        2024,items,,500,3952
                        2024,channel,portal,450,2000
                        2024,channel,weibo,40,
                        2024,category,业务工作,300,
                        2024,docType,行政规范性文件,4,
                        2024,inForce,行政规范性文件,20,
                        2023,items,,480,3452
                        """, StandardCharsets.UTF_8)));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);

        // 废止: one of 2025's three normative documents in 2025, another in 2026.
        put(as("qianfa"), "/api/v1/items/" + ids.get(200) + "/validity",
                Map.of("repealedOn", "2025-06-30", "note", "被新文件代替"), 200);
        put(as("guanli"), "/api/v1/items/" + ids.get(201) + "/validity", Map.of("repealedOn", "2026-01-05"), 200);
        put(as("bianji"), "/api/v1/items/" + ids.get(202) + "/validity", Map.of("repealedOn", "2025-07-01"), 403);
        put(as("qianfa"), "/api/v1/items/" + ids.get(0) + "/validity", Map.of("repealedOn", "2025-07-01"), 409);

        JsonNode counts = as("shenhe").get("/api/v1/agencies/fy-xfj/counts?year=2025").json();
        assertThat(counts.get("items").asLong()).isEqualTo(360);
        assertThat(counts.get("deliveries").get("portal").asLong()).isEqualTo(360);
        assertThat(counts.get("deliveries").get("disclosure").asLong()).isEqualTo(188);
        assertThat(counts.get("deliveries").get("wechat").asLong()).isEqualTo(300);
        assertThat(counts.get("deliveries").get("weibo").asLong()).isEqualTo(179);
        assertThat(counts.get("deliveriesTotal").asLong()).isEqualTo(1027);
        assertThat(counts.get("byCategory").get("机构职能").asLong()).isEqualTo(5);
        assertThat(counts.get("byCategory").get("政策法规").asLong()).isEqualTo(27);
        assertThat(counts.get("byCategory").get("业务工作").asLong()).isEqualTo(326);
        assertThat(counts.get("byCategory").get("其他").asLong()).isEqualTo(2);
        assertThat(counts.get("byDocType").get("政策解读").asLong()).isEqualTo(34);
        assertThat(counts.get("byDocType").get("行政规范性文件").asLong()).isEqualTo(3);
        assertThat(counts.get("byDocType").get("规章").asLong()).isEqualTo(1);
        JsonNode normative = counts.get("normative").get("行政规范性文件");
        assertThat(normative.get("issued").asLong()).isEqualTo(3);
        assertThat(normative.get("repealed").asLong()).isEqualTo(1);
        assertThat(normative.get("inForce").asLong()).as("20 at the end of 2024 + 3 − 1").isEqualTo(22);
        assertThat(counts.get("normative").get("规章").get("inForce").asLong()).isEqualTo(1);
        JsonNode timeliness = counts.get("timeliness");
        assertThat(timeliness.get("withinLimit").asLong()).isEqualTo(2);
        assertThat(timeliness.get("overLimit").asLong()).isEqualTo(2);
        assertThat(timeliness.get("withoutWrittenOn").asLong()).isEqualTo(356);
        assertThat(timeliness.get("limitWorkingDays").asInt()).isEqualTo(20);
        assertThat(timeliness.get("calendar").asString()).isEqualTo("cn-official");
        JsonNode cumulative = counts.get("cumulative");
        assertThat(cumulative.get("items").asLong()).as("3952 at the end of 2024 + 360").isEqualTo(4312);
        assertThat(cumulative.get("deliveries").get("portal").asLong()).isEqualTo(2360);
        assertThat(cumulative.get("deliveries").get("weibo").asLong()).as("no 累计数 imported: 40 + 179")
                .isEqualTo(219);
        assertThat(cumulative.get("byCategory").get("业务工作").asLong()).isEqualTo(626);
        assertThat(cumulative.get("byDocType").get("行政规范性文件").asLong()).isEqualTo(7);
        assertThat(counts.get("previousYear").get("items").asLong()).isEqualTo(500);
        assertThat(counts.get("previousYear").get("deliveries").get("portal").asLong()).isEqualTo(450);
        assertThat(counts.get("imported").asBoolean()).isTrue();

        JsonNode next = admin.get("/api/v1/agencies/fy-xfj/counts?year=2026").json();
        assertThat(next.get("items").asLong()).isZero();
        assertThat(next.get("normative").get("行政规范性文件").get("repealed").asLong()).isEqualTo(1);
        assertThat(next.get("normative").get("行政规范性文件").get("inForce").asLong()).isEqualTo(21);
        assertThat(next.get("cumulative").get("items").asLong()).isEqualTo(4312);

        JsonNode late = admin.get("/api/v1/agencies/fy-xfj/counts/over-limit?year=2025").json();
        assertThat(late).hasSize(2);
        assertThat(late.get(0).get("id").asString()).isEqualTo(ids.get(201));
        assertThat(late.get(1).get("id").asString()).isEqualTo(ids.get(210));
        assertThat(late.get(1).get("workingDays").asInt()).isEqualTo(21);

        JsonNode report = admin.get("/api/v1/agencies/fy-xfj/reports/2025.json").json();
        assertThat(report.get("sentences").get("channelSentence").asString()).isEqualTo(
                "主动公开政府信息1027条，其中通过门户网站更新信息360条，通过政府网站信息公开专栏更新数据188条，"
                        + "通过微信公众号、微博更新数据479条");
        assertThat(report.get("sections").get(0).get("paragraphs").get(0).asString()).startsWith(
                "主动公开政府信息1027条，其中通过门户网站更新信息360条，通过政府网站信息公开专栏更新数据188条，"
                        + "通过微信公众号、微博更新数据479条。按主题分类，机构职能5条、政策法规27条、业务工作326条、其他2条。");
    }

    @Test
    @Order(2)
    void deliveriesFallInTheYearOfTheHubsZoneOnceAndStayCountedWhenWithdrawn() {
        String lastMinute = item("edge", "业务工作", null, null, "PUBLISHED");
        delivered(lastMinute, "edge", "portal", 1, beijing("2025-12-31T23:59:00"), "DELIVERED");
        String firstMinute = item("edge", "业务工作", null, null, "PUBLISHED");
        delivered(firstMinute, "edge", "portal", 1, beijing("2026-01-01T00:01:00"), "DELIVERED");
        String updated = item("edge", "政策法规", null, null, "PUBLISHED");
        delivered(updated, "edge", "portal", 1, beijing("2025-06-01T10:00:00"), "DELIVERED");
        delivered(updated, "edge", "portal", 2, beijing("2026-02-01T10:00:00"), "DELIVERED");
        delivered(updated, "edge", "weibo", 1, beijing("2025-06-01T10:00:05"), "DELIVERED");
        delivered(updated, "edge", "weibo", 2, beijing("2025-06-02T10:00:05"), "DELIVERED");
        String withdrawn = item("edge", "其他", null, null, "WITHDRAWN");
        delivered(withdrawn, "edge", "wechat", 1, beijing("2025-08-01T10:00:00"), "WITHDRAWN");

        JsonNode y2025 = as("waiju").get("/api/v1/agencies/edge/counts?year=2025").json();
        assertThat(y2025.get("items").asLong()).isEqualTo(3);
        assertThat(y2025.get("deliveries").get("portal").asLong()).isEqualTo(2);
        assertThat(y2025.get("deliveries").get("weibo").asLong()).as("the update does not count again").isEqualTo(1);
        assertThat(y2025.get("deliveries").get("wechat").asLong()).as("withdrawn, still counted").isEqualTo(1);
        assertThat(y2025.get("deliveriesTotal").asLong()).isEqualTo(4);
        JsonNode y2026 = as("waiju").get("/api/v1/agencies/edge/counts?year=2026").json();
        assertThat(y2026.get("items").asLong()).isEqualTo(1);
        assertThat(y2026.get("deliveries").get("portal").asLong()).as("only 1 January 00:01").isEqualTo(1);
        assertThat(y2026.get("cumulative").get("items").asLong()).isEqualTo(4);
    }

    @Test
    @Order(3)
    void agenciesSeeTheirOwnReportAndOnlyTheCityAdministratorSeesTheCity() {
        assertThat(as("waiju").get("/api/v1/agencies/fy-xfj/counts?year=2025").status()).isEqualTo(403);
        assertThat(as("waiju").get("/api/v1/agencies/fy-xfj/reports/2025.json").status()).isEqualTo(403);
        assertThat(as("waiju").get("/api/v1/agencies/nowhere/reports/2025.json").status()).isEqualTo(404);
        assertThat(as("shenhe").get("/api/v1/agencies/fy-xfj/reports/2025/figures").status()).isEqualTo(200);
        put(as("shenhe"), "/api/v1/agencies/fy-xfj/reports/2025/figures", Map.of(), 403);
        assertThat(as("guanli").get("/api/v1/counts?year=2025").status()).isEqualTo(403);
        JsonNode city = admin.get("/api/v1/counts?year=2025").json();
        assertThat(city).hasSize(2);
        assertThat(city.get(0).get("agency").asString()).isEqualTo("fy-xfj");
        assertThat(city.get(0).get("counts").get("deliveriesTotal").asLong()).isEqualTo(1027);
        assertThat(city.get(1).get("counts").get("deliveriesTotal").asLong()).isEqualTo(4);
    }

    static Map<String, Object> table3Row(long natural, long company, long total) {
        return Map.of("自然人", natural, "商业企业", company, "总计", total);
    }

    @Test
    @Order(4)
    void table3FiguresThatDoNotBalanceAreRefusedWithTheCellNamed() {
        Map<String, Object> rows = new HashMap<>(Map.of(
                "本年新收", table3Row(8, 2, 10), "上年结转", table3Row(2, 0, 2), "予以公开", table3Row(6, 2, 8),
                "部分公开", table3Row(2, 0, 2), "总计", table3Row(8, 2, 10), "结转下年度", table3Row(1, 0, 1)));
        JsonNode refused = put(as("bianji"), "/api/v1/agencies/fy-xfj/reports/2025/figures",
                Map.of("table3", Map.of("rows", rows)), 400);
        assertThat(refused.get("errors")).hasSize(2);
        JsonNode error = refused.get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("table3.rows.总计.自然人");
        assertThat(error.get("message").asString()).contains("勾稽关系不成立", "第一项 8", "第二项 2", "第四项 1");
        assertThat(admin.get("/api/v1/agencies/fy-xfj/reports/2025/figures").json().get("updatedBy").isNull())
                .as("nothing stored").isTrue();
    }

    static Map<String, Object> goodFigures() {
        return Map.of(
                "table2", Map.of("行政许可", 12, "行政处罚", 30, "行政强制", 2, "行政事业性收费", 1.5),
                "table3", Map.of("rows", Map.of(
                        "本年新收", table3Row(8, 2, 10), "上年结转", table3Row(2, 0, 2),
                        "予以公开", table3Row(6, 2, 8), "部分公开", table3Row(2, 0, 2),
                        "无法提供.本机关不掌握相关政府信息", table3Row(1, 0, 1),
                        "总计", table3Row(9, 2, 11), "结转下年度", table3Row(1, 0, 1))),
                "table4", Map.of("行政复议", Map.of("结果维持", 1, "结果纠正", 1, "总计", 2),
                        "行政诉讼.复议后起诉", Map.of("尚未审结", 3, "总计", 3)),
                "prose", Map.of("一", "本机关坚持以公开为常态、不公开为例外。", "五", "存在问题：政策解读形式单一。",
                        "六", "无其他需要报告的事项。"));
    }

    @Test
    @Order(5)
    void theDocxTheXlsxAndTheHtmlCarryTheSameNumbers() throws Exception {
        JsonNode saved = put(as("bianji"), "/api/v1/agencies/fy-xfj/reports/2025/figures", goodFigures(), 200);
        assertThat(saved.get("updatedBy").asString()).isEqualTo("bianji");
        put(as("guanli"), "/api/v1/agencies/fy-xfj/reports/templates",
                Map.of("categorySentence", "其中{按分类}，政策解读信息{政策解读}条"), 200);
        JsonNode badTemplate = put(as("guanli"), "/api/v1/agencies/fy-xfj/reports/2025/templates",
                Map.of("channelSentence", "主动公开{总数}条"), 400);
        assertThat(badTemplate.get("errors").get(0).get("field").asString()).isEqualTo("templates.channelSentence");

        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(
                bytes("shenhe", "/api/v1/agencies/fy-xfj/reports/2025.docx", null)))) {
            List<String> headings = doc.getParagraphs().stream().filter(p -> "Heading1".equals(p.getStyle()))
                    .map(XWPFParagraph::getText).toList();
            assertThat(headings).containsExactlyElementsOf(ReportTables.SECTIONS);
            assertThat(doc.getParagraphs().get(0).getText()).isEqualTo("阜阳市信访局2025年政府信息公开工作年度报告");
            assertThat(doc.getParagraphs().get(0).getRuns().get(0).getFontFamily(
                    org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange.eastAsia)).isEqualTo("方正小标宋简体");
            String body = doc.getParagraphs().stream().map(XWPFParagraph::getText).reduce("", String::concat);
            assertThat(body).contains("主动公开政府信息1027条，其中通过门户网站更新信息360条，通过政府网站信息公开专栏更新数据188条，"
                    + "通过微信公众号、微博更新数据479条。其中机构职能5条、政策法规27条、业务工作326条、其他2条，政策解读信息34条。",
                    "本机关坚持以公开为常态", "存在问题：政策解读形式单一。", "无其他需要报告的事项。");
            List<XWPFTable> tables = doc.getTables();
            assertThat(tables).hasSize(4);
            XWPFTable table2 = tables.get(1);
            assertThat(table2.getRow(0).getCell(0).getText()).isEqualTo("第二十条第（一）项");
            assertThat(texts(table2.getRow(1))).containsExactly("信息内容", "本年制发件数", "本年废止件数", "现行有效件数");
            assertThat(texts(table2.getRow(3))).containsExactly("行政规范性文件", "3", "1", "22");
            assertThat(texts(table2.getRow(2))).containsExactly("规章", "1", "0", "1");
            assertThat(table2.getText()).contains("第二十条第（五）项", "本年处理决定数量", "行政许可", "12",
                    "第二十条第（六）项", "行政处罚", "30", "行政强制", "第二十条第（八）项", "本年收费金额（单位：万元）",
                    "行政事业性收费", "1.5");
            XWPFTable table3 = tables.get(2);
            assertThat(table3.getRow(0).getCell(0).getText()).isEqualTo(ReportTables.TABLE3_NOTE);
            assertThat(table3.getRow(0).getCell(3).getText()).isEqualTo("申请人情况");
            assertThat(texts(table3.getRow(1)).subList(3, 10)).containsExactly("自然人", "法人或其他组织", "", "", "",
                    "", "总计");
            assertThat(texts(table3.getRow(2)).subList(4, 9)).containsExactly("商业企业", "科研机构", "社会公益组织",
                    "法律服务机构", "其他");
            for (int i = 0; i < ReportTables.TABLE3_ROWS.size(); i++) {
                assertThat(String.join("|", texts(table3.getRow(3 + i)))).contains(ReportTables.TABLE3_ROWS.get(i).label());
            }
            assertThat(texts(table3.getRow(3)).subList(3, 10)).containsExactly("8", "2", "0", "0", "0", "0", "10");
            assertThat(table3.getText()).contains("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理",
                    "（六）其他处理");
            XWPFTable table4 = tables.get(3);
            assertThat(texts(table4.getRow(0))).containsExactly("行政复议", "", "", "", "", "行政诉讼", "", "", "", "",
                    "", "", "", "", "");
            assertThat(texts(table4.getRow(1))).containsExactly("结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                    "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", "");
            assertThat(texts(table4.getRow(3))).containsExactly("1", "1", "0", "0", "2", "0", "0", "0", "0", "0",
                    "0", "0", "0", "3", "3");
        }

        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes("shenhe",
                "/api/v1/agencies/fy-xfj/reports/2025",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))) {
            Sheet table2 = book.getSheet("表二 主动公开");
            assertThat(table2.getRow(4).getCell(0).getStringCellValue()).isEqualTo("行政规范性文件");
            assertThat(table2.getRow(4).getCell(3).getNumericCellValue()).isEqualTo(22);
            assertThat(table2.getRow(7).getCell(1).getNumericCellValue()).isEqualTo(12);
            assertThat(table2.getRow(14).getCell(1).getNumericCellValue()).isEqualTo(1.5);
            Sheet table3 = book.getSheet("表三 依申请公开");
            assertThat(table3.getRow(4).getCell(0).getStringCellValue()).isEqualTo("一、本年新收政府信息公开申请数量");
            assertThat(table3.getRow(4).getCell(9).getNumericCellValue()).isEqualTo(10);
            int total = 4 + ReportTables.TABLE3_ROWS.size() - 2;
            assertThat(table3.getRow(total).getCell(1).getStringCellValue()).isEqualTo("（七）总计");
            assertThat(table3.getRow(total).getCell(3).getNumericCellValue()).isEqualTo(9);
            assertThat(table3.getRow(total).getCell(9).getNumericCellValue()).isEqualTo(11);
            Sheet table4 = book.getSheet("表四 复议诉讼");
            assertThat(table4.getRow(4).getCell(4).getNumericCellValue()).isEqualTo(2);
            assertThat(table4.getRow(4).getCell(14).getNumericCellValue()).isEqualTo(3);
            Sheet statistics = book.getSheet("渠道与分类统计");
            assertThat(statistics.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(360);
            assertThat(statistics.getRow(2).getCell(2).getNumericCellValue()).isEqualTo(4312);
            assertThat(statistics.getRow(7).getCell(1).getNumericCellValue()).isEqualTo(1027);
        }

        String page = new String(bytes("shenhe", "/api/v1/agencies/fy-xfj/reports/2025.html", null),
                StandardCharsets.UTF_8);
        assertThat(page).contains("阜阳市信访局2025年政府信息公开工作年度报告", "四、结转下年度继续办理");
        Path file = Path.of("target", "report-it", "report-2025.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, page);
        ReportBrowser.renderAndCapture(file, "report-2025-html");
    }

    @Test
    @Order(6)
    void theReportIsPublishedThroughTheReviewChainToThePortalAndTheDisclosureColumn() {
        HubClient.Response created = as("bianji").post("/api/v1/agencies/fy-xfj/reports/2025/publish", "");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode item = created.json();
        assertThat(item.get("status").asString()).isEqualTo("IN_REVIEW");
        assertThat(item.get("category").asString()).isEqualTo("年度报告");
        assertThat(item.get("title").asString()).isEqualTo("阜阳市信访局2025年政府信息公开工作年度报告");
        assertThat(item.get("channels")).extracting(JsonNode::asString).containsExactly("portal", "disclosure");
        String id = item.get("id").asString();
        assertThat(as("bianji").post("/api/v1/agencies/fy-xfj/reports/2025/publish", "").status()).isEqualTo(409);

        assertThat(as("shenhe").post("/api/v1/items/" + id + "/approve", "").status()).isEqualTo(200);
        assertThat(as("qianfa").post("/api/v1/items/" + id + "/approve", "").status()).isEqualTo(200);
        JsonNode published = as("qianfa").post("/api/v1/items/" + id + "/publish", "").json();
        assertThat(published.get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(published.get("bodyHtml").asString()).contains("<table", "（七）总计", "主动公开政府信息1027条");
        JsonNode publications = admin.get("/api/v1/agencies/fy-xfj/reports/2025/publications").json();
        assertThat(publications.get(0).get("status").asString()).isEqualTo("PUBLISHED");
    }

    @Test
    @Order(7)
    void theReportPageShowsTheNumbersAndPutsARefusalOnTheCell() {
        org.openqa.selenium.chrome.ChromeDriver driver = ReportBrowser.open();
        try {
            login(driver, "guanli");
            assertThat(driver.findElements(org.openqa.selenium.By.id("board"))).as("the status board renders").hasSize(1);
            driver.findElement(org.openqa.selenium.By.id("nav-report")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(20))
                    .until(d -> !d.findElements(org.openqa.selenium.By.id("report-heading")).isEmpty());
            driver.get(BASE + "/reports?agency=fy-xfj&year=2025");
            assertThat(driver.findElement(org.openqa.selenium.By.id("channel-sentence")).getText()).isEqualTo(
                    "主动公开政府信息1027条，其中通过门户网站更新信息360条，通过政府网站信息公开专栏更新数据188条，"
                            + "通过微信公众号、微博更新数据479条");
            assertThat(driver.findElements(org.openqa.selenium.By.cssSelector("#late-items tbody tr"))).hasSize(2);
            ReportBrowser.screenshot(driver, "report-page");

            org.openqa.selenium.WebElement carried = driver.findElement(
                    org.openqa.selenium.By.name("table3.rows.结转下年度.自然人"));
            carried.clear();
            carried.sendKeys("5");
            driver.findElement(org.openqa.selenium.By.id("save-figures")).click();
            assertThat(driver.findElement(org.openqa.selenium.By.id("error")).getText()).contains("勾稽关系不成立");
            org.openqa.selenium.WebElement cell = driver.findElement(org.openqa.selenium.By.cssSelector(
                    "td.has-error input[name='table3.rows.总计.自然人']"));
            assertThat(cell.getAttribute("title")).contains("第四项 5");
            assertThat(driver.findElement(org.openqa.selenium.By.name("table3.rows.结转下年度.自然人"))
                    .getAttribute("value")).as("what was typed stays").isEqualTo("5");
            ReportBrowser.screenshot(driver, "report-figures-refused");
        } finally {
            driver.quit();
        }
        org.openqa.selenium.chrome.ChromeDriver city = ReportBrowser.open();
        try {
            login(city, "admin");
            city.get(BASE + "/reports/city?year=2025");
            assertThat(city.findElements(org.openqa.selenium.By.cssSelector("#city-table .city-row"))).hasSize(2);
            ReportBrowser.screenshot(city, "report-city");
        } finally {
            city.quit();
        }
    }

    private static void login(org.openqa.selenium.chrome.ChromeDriver driver, String user) {
        driver.get(BASE + "/login");
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(20))
                    .until(d -> !d.findElements(org.openqa.selenium.By.id("username")).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no login form at " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
        driver.findElement(org.openqa.selenium.By.id("username")).sendKeys(user);
        driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(PASSWORD);
        driver.findElement(org.openqa.selenium.By.id("login-submit")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(20))
                .until(d -> !d.findElements(org.openqa.selenium.By.id("who-name")).isEmpty());
    }

    private static List<String> texts(org.apache.poi.xwpf.usermodel.XWPFTableRow row) {
        return row.getTableCells().stream().map(cell -> cell.getText()).toList();
    }
}
