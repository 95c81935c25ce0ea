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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.testing.HubMedia;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The portal connector writing real files that the sandbox's portal post source then lists over HTTP. */
@SpringBootTest(classes = PortalSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tongfa.sandbox.enabled=true")
class PortalConnectorTest {

    private static final Path ROOT = createRoot();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HubMedia HUB = new HubMedia();
    private static final ItemSnapshot.Media ATTACHMENT = HUB.media("m1", "附件一.pdf", "application/pdf",
            "%PDF-1.7 附件一".repeat(80).getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newHttpClient();
    private final PortalConnector connector = new PortalConnector(PortalSettings.of(ROOT.resolve("site")));

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("tongfa.sandbox.portal.root", () -> ROOT.resolve("site").toString());
    }

    @BeforeEach
    void clearSandbox() throws Exception {
        http.send(HttpRequest.newBuilder(sandbox("/posts")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void publishWritesOnePageThatTheSandboxLists() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "abc123", 1, "关于<印发>某某办法的通知");

        DeliveryReceipt receipt = connector.deliver(event);

        assertThat(receipt.ref()).isEqualTo("demo/202611/t20261121_abc123.html");
        assertThat(receipt.url()).isEqualTo("https://www.example.gov.cn/demo/202611/t20261121_abc123.html");
        JsonNode posts = posts();
        assertThat(posts.size()).isEqualTo(1);
        assertThat(posts.get(0).get("itemId").asString()).isEqualTo("abc123");
        assertThat(posts.get(0).get("postId").asString()).isEqualTo("demo/202611/t20261121_abc123.html");
        assertThat(posts.get(0).get("title").asString()).isEqualTo("关于<印发>某某办法的通知");

        String html = Files.readString(ROOT.resolve("site/demo/202611/t20261121_abc123.html"));
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta charset=\"utf-8\">")
                .contains("<meta name=\"tongfa:item-id\" content=\"abc123\">")
                .contains("<meta name=\"tongfa:version\" content=\"1\">")
                .contains("<title>关于&lt;印发&gt;某某办法的通知</title>")
                .contains("<tr><th>索引号</th><td>11110000-2026-00042</td></tr>")
                .contains("<tr><th>发布机构</th><td>某市司法局 &amp; 某区</td></tr>")
                .contains("<tr><th>成文日期</th><td>2026-11-20</td></tr>")
                .contains("<tr><th>发布日期</th><td>2026-11-21</td></tr>")
                .contains("<p>正文</p>")
                .contains("<a href=\"../files/" + ATTACHMENT.sha256().substring(0, 2) + "/" + ATTACHMENT.sha256()
                        + ".pdf\" download=\"附件一.pdf\">附件一.pdf</a> <span class=\"tongfa-type\">PDF</span>"
                        + " <span class=\"tongfa-size\">1.4 KB</span>");
        assertThat(ROOT.resolve("site/demo/files/" + ATTACHMENT.sha256().substring(0, 2) + "/" + ATTACHMENT.sha256()
                + ".pdf")).hasBinaryContent(HUB.content("m1"));
    }

    @Test
    void updateReplacesThePageAtomically() throws Exception {
        Path page = ROOT.resolve("site/demo/202611/t20261121_atom1.html");
        connector.deliver(event(ItemAction.PUBLISH, "atom1", 1, "原标题"));

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> torn = new ArrayList<>();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (writing.get() || reads == 0) {
                String html = read(page);
                reads++;
                if (!html.endsWith("</html>\n") || PortalPage.stampOf(html).isEmpty()) {
                    torn.add(html);
                }
            }
            return reads;
        });
        for (int version = 2; version <= 60; version++) {
            connector.deliver(event(ItemAction.UPDATE, "atom1", version, "标题第" + version + "版".repeat(200)));
        }
        writing.set(false);

        assertThat(reader.get()).isPositive();
        assertThat(torn).isEmpty();
        assertThat(PortalPage.stampOf(Files.readString(page))).contains(new PortalPage.Stamp("atom1", 60));
        try (Stream<Path> files = Files.list(page.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        assertThat(Files.getPosixFilePermissions(page).toString()).contains("OTHERS_READ");
        assertThat(posts().size()).isEqualTo(1);
    }

    @Test
    void refusesPathsThatEscapeTheRoot() {
        for (String path : List.of("../t20261121_evil1.html", "demo/../../t20261121_evil1.html",
                "/tmp/t20261121_evil1.html", "demo/202611/t20261121_evil1.txt")) {
            ItemEvent event = eventAt(ItemAction.PUBLISH, "evil1", 1, "越界", path);
            assertThatThrownBy(() -> connector.deliver(event)).as(path)
                    .isInstanceOf(PermanentDeliveryException.class);
        }
        assertThat(ROOT.resolve("t20261121_evil1.html")).doesNotExist();
    }

    @Test
    void refusesToOverwriteANewerVersion() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "newer1", 3, "第三版"));

        assertThatThrownBy(() -> connector.deliver(event(ItemAction.UPDATE, "newer1", 2, "第二版")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("第3版");
    }

    @Test
    void lookupFindsOnlyThePageOfThisVersion() throws Exception {
        ItemEvent v1 = event(ItemAction.PUBLISH, "look1", 1, "查询");
        ItemEvent v2 = event(ItemAction.UPDATE, "look1", 2, "查询");

        assertThat(connector.lookup(v1)).isInstanceOf(Lookup.NotFound.class);
        connector.deliver(v1);

        assertThat(connector.lookup(v1)).isEqualTo(Lookup.found(new DeliveryReceipt(
                "demo/202611/t20261121_look1.html", "https://www.example.gov.cn/demo/202611/t20261121_look1.html")));
        assertThat(connector.lookup(v2)).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void withdrawDeletesThePage() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "gone1", 1, "撤回"));
        ItemEvent withdraw = event(ItemAction.WITHDRAW, "gone1", 1, "撤回");
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.NotFound.class);

        DeliveryReceipt receipt = connector.deliver(withdraw);

        assertThat(receipt.ref()).isEqualTo("demo/202611/t20261121_gone1.html");
        assertThat(ROOT.resolve("site/demo/202611/t20261121_gone1.html")).doesNotExist();
        assertThat(posts().size()).isZero();
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.Found.class);
        connector.deliver(withdraw);
    }

    @Test
    void reportsAMissingRootNamingTheKey() {
        PortalConnector unconfigured = new PortalConnector(PortalSettings.of(null));

        assertThat(unconfigured.accountProblem("demo")).contains("tongfa.connectors.portal.root");
        assertThatThrownBy(() -> unconfigured.deliver(event(ItemAction.PUBLISH, "x1", 1, "无根")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.portal.root");
        assertThat(connector.accountProblem("demo")).isNull();
    }

    private static ItemEvent event(ItemAction action, String itemId, int version, String title) {
        return eventAt(action, itemId, version, title, "demo/202611/t20261121_" + itemId + ".html");
    }

    private static ItemEvent eventAt(ItemAction action, String itemId, int version, String title, String path) {
        ItemSnapshot item = new ItemSnapshot(title, "摘要", "<p>正文</p>", "司法", "规章", "某司发〔2026〕1号",
                LocalDate.of(2026, 11, 20), "11110000-2026-00042", "某市司法局 & 某区",
                "https://www.example.gov.cn/" + path, path,
                OffsetDateTime.of(2026, 11, 21, 9, 30, 0, 0, ZoneOffset.ofHours(8)), null,
                List.of(ATTACHMENT), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, "demo", List.of("portal"), item,
                OffsetDateTime.now().toInstant());
    }

    private JsonNode posts() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(sandbox("/posts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI sandbox(String path) {
        return URI.create("http://127.0.0.1:" + port + "/sandbox/portal" + path);
    }

    private static String read(Path page) {
        try {
            return Files.readString(page, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("tongfa-portal-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
