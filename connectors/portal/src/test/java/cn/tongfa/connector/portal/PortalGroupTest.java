package cn.tongfa.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;

/**
 * Deliveries written as one group, and connectors that keep the index in memory noticing each other's writes (two
 * connectors over one root stand for two worker processes: each keeps its own copy of the index).
 */
class PortalGroupTest {

    private static final String BASE = "https://www.example.gov.cn/";
    private static final String AGENCY = "demo";
    private static final Pattern LINK = Pattern.compile("<li><a href=\"([^\"]+)\">");

    @TempDir
    Path root;

    private PortalConnector connector;

    @BeforeEach
    void setUp() {
        connector = connector();
    }

    @Test
    void aGroupPublishingUpdatingAndMovingAnItemListsItsLastVersionOnce() throws Exception {
        Map<ItemEvent, DeliveryException> failed = connector.deliverTogether(List.of(
                event(ItemAction.PUBLISH, "g1", 1, "第一版", "政策法规", 1),
                event(ItemAction.PUBLISH, "g2", 1, "另一条", "政策法规", 2),
                event(ItemAction.UPDATE, "g1", 2, "第二版", "业务工作", 1)));

        assertThat(failed).isEmpty();
        assertThat(links("index.html")).containsExactly(page("g2"), page("g1"));
        assertThat(read("index.html")).contains(">第二版</a>").doesNotContain("第一版");
        assertThat(links("zcfg/index.html")).containsExactly(page("g2"));
        assertThat(links("业务工作/index.html")).containsExactly(page("g1"));
        assertThat(connector.lookup(event(ItemAction.UPDATE, "g1", 2, "第二版", "业务工作", 1)))
                .isInstanceOf(Lookup.Found.class);
        assertThat(connector.lookup(event(ItemAction.PUBLISH, "g1", 1, "第一版", "政策法规", 1)))
                .isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void theListOfAColumnWhoseLastItemLeftIsWrittenEmpty() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "m1", 1, "会移走的", "业务工作", 1));
        connector.deliver(event(ItemAction.PUBLISH, "m2", 1, "会撤回的", "人事信息", 2));
        assertThat(links("业务工作/index.html")).containsExactly(page("m1"));

        connector.deliverTogether(List.of(event(ItemAction.UPDATE, "m1", 2, "移走了", "政策法规", 1),
                event(ItemAction.WITHDRAW, "m2", 1, "会撤回的", "人事信息", 2)));

        assertThat(links("zcfg/index.html")).containsExactly(page("m1"));
        for (String column : List.of("业务工作", "人事信息")) {
            assertThat(links(column + "/index.html")).as(column).isEmpty();
            assertThat(read(column + "/index.html")).contains("暂无信息");
            assertThat(read(column + "/rss.xml")).doesNotContain("<item>");
        }
        assertThat(read("index.html")).as("the column navigation no longer names them")
                .doesNotContain("业务工作/index.html").doesNotContain("人事信息");
    }

    @Test
    void anOlderVersionLaterInTheSameGroupIsRefusedAsStale() throws Exception {
        Map<ItemEvent, DeliveryException> failed = connector.deliverTogether(List.of(
                event(ItemAction.PUBLISH, "s1", 2, "第二版", "政策法规", 1),
                event(ItemAction.PUBLISH, "s1", 1, "第一版", "政策法规", 1)));

        assertThat(failed).hasSize(1);
        assertThat(failed.values().iterator().next()).isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("第2版");
        assertThat(read("202611/t20261121_s1.html")).contains("<title>第二版</title>");
        assertThat(read("index.html")).contains(">第二版</a>");
    }

    @Test
    void anItemPublishedAndWithdrawnInOneGroupIsNeitherOnDiskNorListed() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "k1", 1, "留下", "政策法规", 1));

        Map<ItemEvent, DeliveryException> failed = connector.deliverTogether(List.of(
                event(ItemAction.PUBLISH, "w1", 1, "撤回", "业务工作", 2),
                event(ItemAction.WITHDRAW, "w1", 1, "撤回", "业务工作", 2)));

        assertThat(failed).isEmpty();
        assertThat(site().resolve("202611/t20261121_w1.html")).doesNotExist();
        assertThat(links("index.html")).containsExactly(page("k1"));
        assertThat(read("sitemap.xml")).doesNotContain("w1");
        assertThat(connector.lookup(event(ItemAction.WITHDRAW, "w1", 1, "撤回", "业务工作", 2)))
                .isInstanceOf(Lookup.Found.class);
    }

    @Test
    void twoConnectorsOverOneRootSeeEachOthersWrites() throws Exception {
        PortalConnector other = connector();
        connector.deliver(event(ItemAction.PUBLISH, "a1", 1, "甲一", "政策法规", 1));
        other.deliver(event(ItemAction.PUBLISH, "b1", 1, "乙一", "政策法规", 2));
        connector.deliver(event(ItemAction.PUBLISH, "a2", 1, "甲二", "业务工作", 3));

        assertThat(links("index.html")).containsExactly(page("a2"), page("b1"), page("a1"));
        assertThat(connector.lookup(event(ItemAction.PUBLISH, "b1", 1, "乙一", "政策法规", 2)))
                .isInstanceOf(Lookup.Found.class);

        other.deliver(event(ItemAction.UPDATE, "a2", 2, "甲二改", "政策法规", 3));
        other.deliver(event(ItemAction.WITHDRAW, "a1", 1, "甲一", "政策法规", 1));
        assertThat(connector.lookup(event(ItemAction.WITHDRAW, "a1", 1, "甲一", "政策法规", 1)))
                .as("the look-up notices the other's withdrawal").isInstanceOf(Lookup.Found.class);
        assertThat(connector.lookup(event(ItemAction.UPDATE, "a2", 2, "甲二改", "政策法规", 3)))
                .isInstanceOf(Lookup.Found.class);

        connector.deliver(event(ItemAction.PUBLISH, "a3", 1, "甲三", "政策法规", 4));
        assertThat(links("index.html")).containsExactly(page("a3"), page("a2"), page("b1"));
        assertThat(read("index.html")).contains(">甲二改</a>");
        assertThat(links("zcfg/index.html")).containsExactly(page("a3"), page("a2"), page("b1"));
        assertThat(links("业务工作/index.html")).isEmpty();
    }

    @Test
    void anIndexRewrittenByAnEarlierVersionIsReadAgain() throws Exception {
        PortalConnector other = connector();
        connector.deliver(event(ItemAction.PUBLISH, "e1", 1, "新版写的", "政策法规", 1));
        other.deliver(event(ItemAction.PUBLISH, "e2", 1, "旧版写的", "政策法规", 2));
        // As a worker still on the earlier version would have written it: the same index without a revision.
        Path index = site().resolve(PortalLayout.INDEX_FILE);
        Files.writeString(index, Files.readString(index, StandardCharsets.UTF_8)
                .replaceFirst("\"revision\":\"[0-9a-f]+\",", ""), StandardCharsets.UTF_8);

        connector.deliver(event(ItemAction.PUBLISH, "e3", 1, "又是新版", "政策法规", 3));

        assertThat(links("index.html")).containsExactly(page("e3"), page("e2"), page("e1"));
        assertThat(Files.readString(index, StandardCharsets.UTF_8)).startsWith("{\"revision\":");
    }

    @Test
    void aRepeatedDeliveryLeavesTheListsFeedsAndSitemapAsTheyAre() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "r1", 1, "重复投递", "政策法规", 1);
        connector.deliver(event(ItemAction.PUBLISH, "r0", 1, "之前的", "业务工作", 0));
        connector.deliver(event);
        List<String> files = List.of("index.html", "rss.xml", "sitemap.xml", "zcfg/index.html", "zcfg/rss.xml",
                "业务工作/index.html");
        Map<String, Object> before = identities(files);
        Map<String, String> contents = contents(files);

        connector.deliver(event);

        assertThat(identities(files)).as("not replaced").isEqualTo(before);
        assertThat(contents(files)).isEqualTo(contents);

        // A new connector reads the index file, which says what the lists show: still nothing is replaced.
        connector().deliver(event);
        assertThat(identities(files)).isEqualTo(before);
    }

    @Test
    void aListTemplateLinkingEveryPageGetsThemAllOnTheFrontPageNewestFirst() throws Exception {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Files.writeString(templates.resolve("list.html"),
                "{{#pages}}[{{number}} {{url}}{{#current}} 当前{{/current}}]{{/pages}}\n", StandardCharsets.UTF_8);
        PortalConnector custom = new PortalConnector(new PortalSettings(root, templates, 2, null, Map.of()));
        custom.start();
        List<ItemEvent> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(event(ItemAction.PUBLISH, "p" + i, 1, "第" + i + "条", null, i));
        }

        assertThat(custom.deliverTogether(events)).isEmpty();

        String list = BASE + AGENCY + "/";
        assertThat(read("index.html")).isEqualTo("[1 " + list + "index.html 当前][2 " + list + "index_2.html][3 "
                + list + "index_1.html]\n");
        assertThat(read("index_1.html")).as("an archive page names no page that newer items add").isEqualTo("\n");
    }

    @Test
    void archivePagesHoldFixedBlocksFromTheOldestAndANewItemRewritesOnlyTheFrontPage() throws Exception {
        PortalConnector small = new PortalConnector(new PortalSettings(root, null, 5, null, Map.of()));
        small.start();
        for (int i = 1; i <= 17; i++) {
            assertThat(small.deliverTogether(List.of(event(ItemAction.PUBLISH, "s" + i, 1, "第" + i + "条", null, i))))
                    .isEmpty();
        }
        assertThat(links("index.html")).containsExactly(page("s17"), page("s16"), page("s15"), page("s14"),
                page("s13"));
        assertThat(links("index_1.html")).containsExactly(page("s5"), page("s4"), page("s3"), page("s2"),
                page("s1"));
        assertThat(links("index_3.html")).containsExactly(page("s15"), page("s14"), page("s13"), page("s12"),
                page("s11"));
        assertThat(site().resolve("index_4.html")).doesNotExist();
        assertThat(read("index.html")).contains("共 17 条");
        assertThat(read("index_2.html")).doesNotContain("共").doesNotContain("17")
                .contains("<a href=\"" + BASE + AGENCY + "/index_3.html\">上一页</a>")
                .contains("<a href=\"" + BASE + AGENCY + "/index_1.html\">下一页</a>");

        List<String> archive = List.of("index_1.html", "index_2.html", "index_3.html");
        Map<String, Object> before = identities(archive);
        String front = read("index.html");
        assertThat(small.deliverTogether(List.of(event(ItemAction.PUBLISH, "s18", 1, "第18条", null, 18)))).isEmpty();
        assertThat(identities(archive)).as("archive pages not rewritten").isEqualTo(before);
        assertThat(read("index.html")).isNotEqualTo(front).contains("共 18 条");

        // Two more fill the fourth block: one new archive page, and the third now links to it instead of index.html.
        assertThat(small.deliverTogether(List.of(event(ItemAction.PUBLISH, "s19", 1, "第19条", null, 19),
                event(ItemAction.PUBLISH, "s20", 1, "第20条", null, 20)))).isEmpty();
        assertThat(identities(List.of("index_1.html", "index_2.html")))
                .isEqualTo(before.entrySet().stream().filter(e -> !e.getKey().equals("index_3.html"))
                        .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        assertThat(links("index_4.html")).containsExactly(page("s20"), page("s19"), page("s18"), page("s17"),
                page("s16"));
        assertThat(read("index_3.html")).contains("<a href=\"" + BASE + AGENCY + "/index_4.html\">上一页</a>");
        assertThat(read("index_4.html")).contains("<a href=\"" + BASE + AGENCY + "/index.html\">上一页</a>");

        // Withdrawing an old item shifts the later blocks, and the last archive page goes when a block empties.
        assertThat(small.deliverTogether(List.of(event(ItemAction.WITHDRAW, "s2", 1, "第2条", null, 2)))).isEmpty();
        assertThat(links("index_1.html")).containsExactly(page("s6"), page("s5"), page("s4"), page("s3"),
                page("s1"));
        assertThat(links("index_3.html")).containsExactly(page("s16"), page("s15"), page("s14"), page("s13"),
                page("s12"));
        assertThat(site().resolve("index_4.html")).doesNotExist();
        assertThat(read("index_3.html")).contains("<a href=\"" + BASE + AGENCY + "/index.html\">上一页</a>");
        assertThat(links("index.html")).hasSize(5).first().isEqualTo(page("s20"));
    }

    private PortalConnector connector() {
        PortalConnector created = new PortalConnector(new PortalSettings(root, null, 20, null, Map.of(AGENCY,
                new PortalSettings.AgencyPortal(null, List.of(new PortalSettings.Column("政策法规", "zcfg"))))));
        created.start();
        return created;
    }

    private Path site() {
        return root.resolve(AGENCY);
    }

    private String read(String relative) throws Exception {
        return Files.readString(site().resolve(relative), StandardCharsets.UTF_8);
    }

    private List<String> links(String list) throws Exception {
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(read(list));
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }

    private Map<String, Object> identities(List<String> files) throws Exception {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String file : files) {
            BasicFileAttributes attributes = Files.readAttributes(site().resolve(file), BasicFileAttributes.class);
            keys.put(file, List.of(attributes.fileKey(), attributes.lastModifiedTime()));
        }
        return keys;
    }

    private Map<String, String> contents(List<String> files) throws Exception {
        Map<String, String> contents = new LinkedHashMap<>();
        for (String file : files) {
            contents.put(file, read(file));
        }
        return contents;
    }

    private static String page(String itemId) {
        return BASE + AGENCY + "/202611/t20261121_" + itemId + ".html";
    }

    // Items published a second apart, so that "newest first" has one answer.
    private static ItemEvent event(ItemAction action, String itemId, int version, String title, String column,
            int second) {
        String path = AGENCY + "/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "摘要：" + title, "<p>正文</p>", column, "规章", "某发〔2026〕1号",
                LocalDate.of(2026, 11, 20), "11340000MB1234567X/2026-" + itemId, "示范市信访局", BASE + path, path,
                OffsetDateTime.of(2026, 11, 21, 9, 30, second, 0, ZoneOffset.ofHours(8)), null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, AGENCY, List.of("portal"), item,
                Instant.parse("2026-11-21T02:00:00Z").plusSeconds(version * 60L + second));
    }
}
