package cn.tongfa.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal's contract (DESIGN.md: delivered = the item's page, its column list pages, RSS and sitemap written
 * atomically; update rewrites the page; withdraw removes it and relists), against real files that the sandbox's
 * portal source lists over HTTP. CHANNELS.md lists no error codes for the portal: its failures are the file
 * system's, provoked here for real.
 */
@SpringBootTest(classes = PortalSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tongfa.sandbox.enabled=true")
class PortalContractTest {

    private static final Path ROOT = createRoot();
    private static final String BASE = "https://www.example.gov.cn/";
    private static final Pattern LINK = Pattern.compile("<li><a href=\"([^\"]+)\">");

    private final HttpClient http = HttpClient.newHttpClient();
    private String agency;
    private Path site;
    private PortalConnector connector;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("tongfa.sandbox.portal.root", () -> ROOT.toString());
    }

    @BeforeEach
    void setUp() {
        agency = "a" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        site = ROOT.resolve(agency);
        connector = new PortalConnector(settings());
        connector.start();
    }

    @Test
    void publishWritesThePageItsColumnListsTheFeedsAndTheSitemap() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "p1", 1, "关于<印发>\"某某\"办法 & 通知", "政策法规", 1);

        connector.deliver(event);

        String page = read(agency + "/202611/t20261121_p1.html");
        assertThat(page).contains("<title>关于&lt;印发&gt;&quot;某某&quot;办法 &amp; 通知</title>")
                .contains("<a href=\"" + BASE + agency + "/zcfg/index.html\">政策法规</a>")
                .doesNotContain("<印发>");
        String list = read(agency + "/zcfg/index.html");
        assertThat(links(list)).containsExactly(BASE + agency + "/202611/t20261121_p1.html");
        assertThat(list).contains(">关于&lt;印发&gt;&quot;某某&quot;办法 &amp; 通知</a>");
        assertThat(links(read(agency + "/index.html"))).containsExactly(BASE + agency + "/202611/t20261121_p1.html");

        for (String feed : List.of(agency + "/rss.xml", agency + "/zcfg/rss.xml")) {
            Document rss = xml(feed);
            assertThat(rss.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
            NodeList items = rss.getElementsByTagName("item");
            assertThat(items.getLength()).isEqualTo(1);
            Element item = (Element) items.item(0);
            assertThat(text(item, "title")).isEqualTo("关于<印发>\"某某\"办法 & 通知");
            assertThat(text(item, "link")).isEqualTo(BASE + agency + "/202611/t20261121_p1.html");
            assertThat(text(item, "pubDate")).isEqualTo("Sat, 21 Nov 2026 09:30:01 +0800");
        }

        Document sitemap = xml(agency + "/sitemap.xml");
        assertThat(sitemap.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.sitemaps.org/schemas/sitemap/0.9");
        assertThat(locs(sitemap)).containsExactly(BASE + agency + "/index.html", BASE + agency + "/zcfg/index.html",
                BASE + agency + "/202611/t20261121_p1.html");
        NodeList lastmods = sitemap.getElementsByTagNameNS("*", "lastmod");
        assertThat(lastmods.getLength()).isEqualTo(3);
        for (int i = 0; i < lastmods.getLength(); i++) {
            assertThat(OffsetDateTime.parse(lastmods.item(i).getTextContent()).toInstant())
                    .isEqualTo(event.occurredAt());
        }

        assertThat(sandboxPosts()).as("only item pages are posts, not lists").containsExactly("p1");
        assertThat(connector.lookup(event)).isInstanceOf(Lookup.Found.class);
        assertNoTemporaryFiles();
    }

    @Test
    void listsShowTheNewestFirstArchiveFixedBlocksFromTheOldestAndShrinkWhenItemsGo() throws Exception {
        for (int i = 1; i <= 45; i++) {
            connector.deliver(event(ItemAction.PUBLISH, "n" + i, 1, "第" + i + "条", "政策法规", i));
        }

        List<String> first = links(read(agency + "/zcfg/index.html"));
        assertThat(first).hasSize(20).first().isEqualTo(BASE + agency + "/202611/t20261121_n45.html");
        assertThat(links(read(agency + "/zcfg/index_1.html"))).hasSize(20)
                .startsWith(BASE + agency + "/202611/t20261121_n20.html")
                .endsWith(BASE + agency + "/202611/t20261121_n1.html");
        assertThat(links(read(agency + "/zcfg/index_2.html"))).hasSize(20)
                .startsWith(BASE + agency + "/202611/t20261121_n40.html")
                .endsWith(BASE + agency + "/202611/t20261121_n21.html");
        assertThat(site.resolve("zcfg/index_3.html")).doesNotExist();
        assertThat(read(agency + "/zcfg/index.html")).contains("共 45 条 共 3 页")
                .contains("<a href=\"" + BASE + agency + "/zcfg/index_2.html\">下一页</a>");
        // An archive page shows neither the total nor the newest item (the agency id is random hex: "45" alone may be in it).
        assertThat(read(agency + "/zcfg/index_2.html")).doesNotContain("共 45 条", "_n45.html")
                .contains("<a href=\"" + BASE + agency + "/zcfg/index.html\">上一页</a>")
                .contains("<a href=\"" + BASE + agency + "/zcfg/index_1.html\">下一页</a>");
        assertThat(links(read(agency + "/index_2.html"))).hasSize(20);
        assertThat(xml(agency + "/rss.xml").getElementsByTagName("item").getLength()).isEqualTo(45);

        for (int i = 1; i <= 6; i++) {
            connector.deliver(event(ItemAction.WITHDRAW, "n" + i, 1, "第" + i + "条", "政策法规", i));
        }

        assertThat(links(read(agency + "/zcfg/index_1.html"))).hasSize(20)
                .startsWith(BASE + agency + "/202611/t20261121_n26.html")
                .endsWith(BASE + agency + "/202611/t20261121_n7.html");
        assertThat(site.resolve("zcfg/index_2.html")).doesNotExist();
        assertThat(site.resolve("index_2.html")).doesNotExist();
        assertThat(read(agency + "/zcfg/index.html")).contains("共 39 条 共 2 页");
    }

    @Test
    void updateRewritesThePageInPlaceAndMovesItBetweenColumns() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "u1", 1, "原标题", "政策法规", 1));
        connector.deliver(event(ItemAction.PUBLISH, "u2", 1, "另一条", "政策法规", 2));

        ItemEvent update = event(ItemAction.UPDATE, "u1", 2, "新标题", "业务工作", 1);
        connector.deliver(update);

        assertThat(read(agency + "/202611/t20261121_u1.html")).contains("<title>新标题</title>")
                .contains("<meta name=\"tongfa:version\" content=\"2\">");
        assertThat(links(read(agency + "/zcfg/index.html"))).containsExactly(BASE + agency + "/202611/t20261121_u2.html");
        assertThat(links(read(agency + "/业务工作/index.html")))
                .containsExactly(BASE + agency + "/202611/t20261121_u1.html");
        assertThat(read(agency + "/index.html")).contains(">新标题</a>").doesNotContain("原标题");
        assertThat(locs(xml(agency + "/sitemap.xml"))).contains(BASE + agency + "/%E4%B8%9A%E5%8A%A1%E5%B7%A5%E4%BD%9C/index.html")
                .containsOnlyOnce(BASE + agency + "/202611/t20261121_u1.html");
        assertThat(read(agency + "/zcfg/index.html")).as("column navigation names the new column")
                .contains(">业务工作</a>");
        assertThat(sandboxPosts()).containsExactlyInAnyOrder("u1", "u2");
        assertThat(connector.lookup(update)).isInstanceOf(Lookup.Found.class);
        assertThat(connector.lookup(event(ItemAction.PUBLISH, "u1", 1, "原标题", "政策法规", 1)))
                .isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void withdrawRemovesThePageAndRelists() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "w1", 1, "撤回的", "政策法规", 1));
        connector.deliver(event(ItemAction.PUBLISH, "w2", 1, "留下的", "政策法规", 2));
        ItemEvent withdraw = event(ItemAction.WITHDRAW, "w1", 1, "撤回的", "政策法规", 1);
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.NotFound.class);

        connector.deliver(withdraw);

        assertThat(site.resolve("202611/t20261121_w1.html")).doesNotExist();
        for (String list : List.of(agency + "/index.html", agency + "/zcfg/index.html")) {
            assertThat(links(read(list))).containsExactly(BASE + agency + "/202611/t20261121_w2.html");
        }
        assertThat(read(agency + "/rss.xml")).doesNotContain("撤回的");
        assertThat(locs(xml(agency + "/sitemap.xml"))).doesNotContain(BASE + agency + "/202611/t20261121_w1.html");
        assertThat(sandboxPosts()).containsExactly("w2");
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.Found.class);
        connector.deliver(withdraw);
        assertThat(links(read(agency + "/index.html"))).hasSize(1);
    }

    @Test
    void aRestartedConnectorCarriesOnFromTheDiskAndRebuildsALostIndexFromThePages() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "r1", 1, "重启前一", "政策法规", 1));
        connector.deliver(event(ItemAction.PUBLISH, "r2", 1, "重启前二", null, 2));

        PortalConnector restarted = new PortalConnector(settings());
        restarted.start();
        restarted.deliver(event(ItemAction.PUBLISH, "r3", 1, "重启后", "政策法规", 3));
        assertThat(links(read(agency + "/index.html"))).hasSize(3);
        assertThat(links(read(agency + "/zcfg/index.html"))).hasSize(2);

        Files.delete(site.resolve(PortalLayout.INDEX_FILE));
        ItemEvent fourth = event(ItemAction.PUBLISH, "r4", 1, "索引丢失后", null, 4);
        assertThat(restarted.lookup(event(ItemAction.PUBLISH, "r3", 1, "重启后", "政策法规", 3)))
                .as("the look-up reads the pages when the index is gone").isInstanceOf(Lookup.Found.class);
        new PortalConnector(settings()).deliver(fourth);

        assertThat(links(read(agency + "/index.html"))).containsExactly(
                BASE + agency + "/202611/t20261121_r4.html", BASE + agency + "/202611/t20261121_r3.html",
                BASE + agency + "/202611/t20261121_r2.html", BASE + agency + "/202611/t20261121_r1.html");
        assertThat(read(agency + "/index.html")).contains(">重启前一</a>");
        assertThat(links(read(agency + "/zcfg/index.html"))).hasSize(2);
    }

    @Test
    void parallelPublishesOfOneAgencyLoseNoEntry() throws Exception {
        PortalConnector other = new PortalConnector(settings());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                PortalConnector which = i % 2 == 0 ? connector : other;
                ItemEvent event = event(ItemAction.PUBLISH, "c" + i, 1, "并发" + i, i % 3 == 0 ? "业务工作" : "政策法规", i);
                done.add(pool.submit(() -> which.deliver(event)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        List<String> all = new ArrayList<>();
        all.addAll(links(read(agency + "/index.html")));
        all.addAll(links(read(agency + "/index_1.html")));
        assertThat(all).hasSize(40).doesNotHaveDuplicates();
        assertThat(locs(xml(agency + "/sitemap.xml"))).hasSize(40 + 3);
        assertThat(xml(agency + "/rss.xml").getElementsByTagName("item").getLength()).isEqualTo(40);
        assertNoTemporaryFiles();
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsRetriableAndLeavesTheListsAlone() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "f1", 1, "已发布", "政策法规", 1));
        String listBefore = read(agency + "/index.html");
        String indexBefore = Files.readString(site.resolve(PortalLayout.INDEX_FILE));
        // A file where the month directory of the next page must go: the write fails as a full or read-only
        // disk would, with an IOException from the file system.
        ItemEvent blocked = eventAt(ItemAction.PUBLISH, "f2", 1, "写不进去", "政策法规", 2,
                agency + "/202612/t20261201_f2.html");
        Files.writeString(site.resolve("202612"), "not a directory");

        assertThatThrownBy(() -> connector.deliver(blocked)).isInstanceOf(RetriableDeliveryException.class)
                .hasMessageContaining("门户网站");
        assertThat(read(agency + "/index.html")).isEqualTo(listBefore);
        assertThat(Files.readString(site.resolve(PortalLayout.INDEX_FILE))).isEqualTo(indexBefore);
        assertThat(connector.lookup(blocked)).as("the page cannot even be looked for").isInstanceOf(Lookup.Unknown.class);

        Files.delete(site.resolve("202612"));
        assertThat(connector.lookup(blocked)).isInstanceOf(Lookup.NotFound.class);
        connector.deliver(blocked);
        assertThat(links(read(agency + "/index.html"))).hasSize(2);
        assertNoTemporaryFiles();
    }

    @Test
    void anAgencysTemplatesReplaceTheShippedOnesAndABrokenOneStopsOnlyThatAgency() throws Exception {
        Path templates = Files.createDirectories(ROOT.resolve("templates-" + agency));
        Files.writeString(templates.resolve("list.html"),
                "<ol>{{#entries}}<li><a href=\"{{url}}\">{{title}}</a></li>{{/entries}}</ol>第{{pageNumber}}页\n");
        Path broken = Files.createDirectories(ROOT.resolve("broken-" + agency));
        Files.writeString(broken.resolve("rss.xml"), "{{#entries}}no end");
        Path unmarked = Files.createDirectories(ROOT.resolve("unmarked-" + agency));
        Files.writeString(unmarked.resolve("page.html"), "<html><title>{{title}}</title></html>");
        PortalConnector custom = new PortalConnector(new PortalSettings(ROOT, null, null, null, Map.of(
                agency, new PortalSettings.AgencyPortal(templates, null),
                "broken", new PortalSettings.AgencyPortal(broken, null),
                "unmarked", new PortalSettings.AgencyPortal(unmarked, null))));
        custom.start();

        custom.deliver(event(ItemAction.PUBLISH, "t1", 1, "<自定义>", "政策法规", 1));

        assertThat(read(agency + "/政策法规/index.html")).startsWith("<ol><li>").contains(">&lt;自定义&gt;</a>")
                .endsWith("第1页\n");
        assertThat(read(agency + "/202611/t20261121_t1.html")).as("page.html not replaced: the shipped one")
                .contains("<table class=\"tongfa-meta\">");
        assertThat(custom.accountProblem(agency)).isNull();
        assertThat(custom.accountProblem("broken")).contains("rss.xml")
                .contains("tongfa.connectors.portal.agencies.broken.templates-dir");
        assertThat(custom.accountProblem("unmarked")).contains("{{{tongfaMeta}}}");
        assertThatThrownBy(() -> custom.deliver(eventOf("broken", "t2")))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("rss.xml");
        assertThat(ROOT.resolve("broken/202611/t20261121_t2.html")).doesNotExist();
    }

    private PortalSettings settings() {
        return new PortalSettings(ROOT, null, 20, null, Map.of(agency,
                new PortalSettings.AgencyPortal(null, List.of(new PortalSettings.Column("政策法规", "zcfg")))));
    }

    private ItemEvent event(ItemAction action, String itemId, int version, String title, String column, int second) {
        return eventAt(action, itemId, version, title, column, second, agency + "/202611/t20261121_" + itemId + ".html");
    }

    private static ItemEvent eventOf(String agency, String itemId) {
        return eventAt(agency, ItemAction.PUBLISH, itemId, 1, "标题", "政策法规", 1,
                agency + "/202611/t20261121_" + itemId + ".html");
    }

    private ItemEvent eventAt(ItemAction action, String itemId, int version, String title, String column,
            int second, String path) {
        return eventAt(agency, action, itemId, version, title, column, second, path);
    }

    // Items published a second apart, so that "newest first" has one answer.
    private static ItemEvent eventAt(String agency, ItemAction action, String itemId, int version, String title,
            String column, int second, String path) {
        ItemSnapshot item = new ItemSnapshot(title, "摘要：" + title, "<p>正文</p>", column, "规章", "某发〔2026〕1号",
                LocalDate.of(2026, 11, 20), "11340000MB1234567X/2026-" + itemId, "示范市信访局", BASE + path, path,
                OffsetDateTime.of(2026, 11, 21, 9, 30, second, 0, ZoneOffset.ofHours(8)), null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, agency, List.of("portal"), item,
                Instant.parse("2026-11-21T02:00:00Z").plusSeconds(version * 60L + second));
    }

    private String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    }

    private Document xml(String relative) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(ROOT.resolve(relative).toFile());
    }

    private static List<String> locs(Document sitemap) {
        NodeList locs = sitemap.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < locs.getLength(); i++) {
            values.add(locs.item(i).getTextContent());
        }
        return values;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static List<String> links(String list) {
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(list);
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }

    private List<String> sandboxPosts() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/sandbox/portal/posts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode post : JsonMapper.builder().build().readTree(response.body())) {
            if (post.get("postId").asString().startsWith(agency + "/")) {
                ids.add(post.get("itemId").asString());
            }
        }
        return ids;
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(site)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("tongfa-portal-contract");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
