package cn.tongfa.connector.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import cn.tongfa.connector.api.AccountCheck;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/** The disclosure connector's real OkHttp client against the sandbox's simulated disclosure column. */
@SpringBootTest(classes = DisclosureSandboxApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tongfa.sandbox.enabled=true")
class DisclosureConnectorTest {

    private static final String INDEX_NO = "11310000002421446D/2026-00042";
    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final ItemSnapshot.Media PDF = new ItemSnapshot.Media("m1", "附件一：实施细则.pdf",
            "https://www.example.gov.cn/media/m1", "https://www.example.gov.cn/media/m1?exp=1893456000&sig=abc",
            "application/pdf", 1_258_291, SHA256, null, null);

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    private DisclosureConnector connector;

    @BeforeEach
    void setUp() {
        recorder.clear("disclosure");
        faults.clear("disclosure");
        connector = connector("sandbox-secret", Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        faults.clear("disclosure");
        connector.close();
    }

    @Test
    void publishPushesOneEntryCarryingTheItem() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "pub1", 1, "pub-" + INDEX_NO, "关于印发某某办法的通知");

        DeliveryReceipt receipt = connector.deliver(event);

        assertThat(receipt.ref()).isEqualTo("pub-" + INDEX_NO);
        assertThat(receipt.url()).isEqualTo(
                "http://127.0.0.1:" + port + "/sandbox/disclosure/entries/pub-11310000002421446D/2026-00042");
        List<SandboxPost> posts = recorder.posts("disclosure");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).itemId()).isEqualTo("pub1");
        assertThat(posts.get(0).postId()).isEqualTo("pub-" + INDEX_NO);
        assertThat(posts.get(0).title()).isEqualTo("关于印发某某办法的通知");
        assertThat(posts.get(0).detail()).containsEntry("validity", "有效").containsEntry("attachments", 1)
                .containsEntry("link", "https://www.example.gov.cn/demo/202611/t20261121_pub1.html");

        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(receipt.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("关于印发某某办法的通知").contains("某市司法局");
    }

    @Test
    void theEntryCarriesItsAttachmentsAndTheBodyKeepsTheHubsPublicImageAddresses() throws Exception {
        ItemSnapshot.Media image = new ItemSnapshot.Media("i1", "图一.png", "https://www.example.gov.cn/media/i1",
                "https://www.example.gov.cn/media/i1?exp=1893456000&sig=def", "image/png", 20_000,
                "a".repeat(64), 640, 480);
        ItemSnapshot.Media form = new ItemSnapshot.Media("m2", "申请表.docx", "https://www.example.gov.cn/media/m2",
                "https://www.example.gov.cn/media/m2?sig=x",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 35_000, "b".repeat(64),
                null, null);
        String path = "demo/202611/t20261121_att1.html";
        ItemSnapshot item = new ItemSnapshot("附件与图片", null, "<p>正文</p><p><img src=\"/media/i1\" alt=\"图一\" />"
                + "<img src=\"http://127.0.0.1:9/stranger.png\" /></p>", "司法", null, null, null,
                "att-" + INDEX_NO, "某市司法局", "https://www.example.gov.cn/" + path, path,
                OffsetDateTime.of(2026, 11, 21, 9, 30, 0, 0, ZoneOffset.ofHours(8)), null, List.of(PDF, form),
                Map.of(), null, List.of(image));
        ItemEvent event = new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, "att1", 1, "demo",
                List.of("disclosure"), item, OffsetDateTime.now().toInstant());

        DeliveryReceipt receipt = connector.deliver(event);

        DisclosureClient.Answer stored;
        try (DisclosureClient client = new DisclosureClient("http://127.0.0.1:" + port + "/sandbox/disclosure",
                Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC())) {
            stored = client.get(new DisclosureAccount("demo-app", "sandbox-secret"), "att-" + INDEX_NO);
        }
        assertThat(stored.ok()).isTrue();
        assertThat(stored.data().get("attachments").toString()).isEqualTo("[{\"name\":\"附件一：实施细则.pdf\","
                + "\"type\":\"application/pdf\",\"size\":1258291,\"sha256\":\"" + SHA256 + "\","
                + "\"url\":\"https://www.example.gov.cn/media/m1\"},{\"name\":\"申请表.docx\",\"type\":"
                + "\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\",\"size\":35000,"
                + "\"sha256\":\"" + "b".repeat(64) + "\",\"url\":\"https://www.example.gov.cn/media/m2\"}]");
        assertThat(stored.text("bodyHtml")).as("the image at the hub's public address, the unknown one dropped")
                .isEqualTo("<p>正文</p><p><img src=\"https://www.example.gov.cn/media/i1\" alt=\"图一\" /></p>")
                .doesNotContain("sig=");
        assertThat(recorder.posts("disclosure").get(0).detail())
                .containsEntry("attachmentNames", List.of("附件一：实施细则.pdf", "申请表.docx"));
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(receipt.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<h2>附件</h2>")
                .contains("<a href=\"https://www.example.gov.cn/media/m1\">附件一：实施细则.pdf</a>");
    }

    @Test
    void pushingTheSameVersionAgainIsIdempotent() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "idem1", 1, "idem-" + INDEX_NO, "幂等");

        DeliveryReceipt first = connector.deliver(event);
        DeliveryReceipt again = connector.deliver(event);

        assertThat(again).isEqualTo(first);
        assertThat(recorder.posts("disclosure")).hasSize(1);
    }

    @Test
    void updatePushesTheNewVersionAndAnOlderOneIsRefused() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "upd1", 1, "upd-1", "第一版"));
        connector.deliver(event(ItemAction.UPDATE, "upd1", 2, "upd-1", "第二版"));

        assertThat(recorder.posts("disclosure")).extracting(SandboxPost::title).containsExactly("第一版", "第二版");
        assertThatThrownBy(() -> connector.deliver(event(ItemAction.UPDATE, "upd1", 1, "upd-1", "第一版")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("版本过旧")
                .extracting(e -> ((DeliveryException) e).code()).isEqualTo("40901");
    }

    @Test
    void aBadSignatureFailsTheAgencyAtStartUpNamingTheKeys() {
        DisclosureConnector wrongSecret = connector("not-the-secret", Clock.systemUTC(), Duration.ofSeconds(5));

        assertThat(wrongSecret.accountProblem("demo")).contains("签名不正确")
                .contains("tongfa.connectors.disclosure.accounts.demo.app-key");
        assertThatThrownBy(() -> wrongSecret.deliver(event(ItemAction.PUBLISH, "sig1", 1, "sig-1", "签名")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("签名不正确")
                .hasMessageContaining("tongfa.connectors.disclosure.accounts.demo.app-key");
        assertThat(recorder.posts("disclosure")).isEmpty();
        assertThat(connector.accountProblem("demo")).isNull();
        wrongSecret.close();
    }

    @Test
    void theStartUpCheckAnswersOkRefusedOrUnverifiedWithoutTheSecret() throws Exception {
        assertThat(connector.checkAccount("demo")).isEqualTo(AccountCheck.ok());

        DisclosureConnector wrongSecret = connector("not-the-secret", Clock.systemUTC(), Duration.ofSeconds(5));
        AccountCheck check = wrongSecret.checkAccount("demo");
        assertThat(check.state()).isEqualTo(AccountCheck.State.REJECTED);
        assertThat(check.message()).contains("签名不正确", "tongfa.connectors.disclosure.accounts.demo.app-key")
                .doesNotContain("not-the-secret");
        wrongSecret.close();

        DisclosureConnector unconfigured = new DisclosureConnector(new DisclosureSettings(
                "http://127.0.0.1:" + port + "/sandbox/disclosure", Map.of(), null, null));
        assertThat(unconfigured.checkAccount("demo").message())
                .contains("tongfa.connectors.disclosure.accounts.demo.app-key");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DisclosureConnector nowhere = new DisclosureConnector(new DisclosureSettings("http://127.0.0.1:" + closedPort,
                Map.of("demo", new DisclosureAccount("demo-app", "sandbox-secret")), null, null));
        assertThat(nowhere.checkAccount("demo").state()).isEqualTo(AccountCheck.State.UNVERIFIED);
        assertThat(nowhere.accountProblem("demo")).isNull();
        nowhere.close();
        assertThat(recorder.posts("disclosure")).isEmpty();
    }

    @Test
    void aSkewedClockFailsTheAgencyAtStartUp() {
        Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        DisclosureConnector late = connector("sandbox-secret", skewed, Duration.ofSeconds(5));

        assertThat(late.accountProblem("demo")).contains("300 秒");
        assertThatThrownBy(() -> late.deliver(event(ItemAction.PUBLISH, "clk1", 1, "clk-1", "时钟")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("时钟");
        assertThat(recorder.posts("disclosure")).isEmpty();
        late.close();
    }

    @Test
    void aValidationErrorIsPermanentAndNamesTheField() {
        ItemEvent untitled = event(ItemAction.PUBLISH, "val1", 1, "val-1", " ");

        assertThatThrownBy(() -> connector.deliver(untitled))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("title")
                .extracting(e -> ((DeliveryException) e).code()).isEqualTo("40001");
    }

    @Test
    void anItemWithoutIndexNumberIsPermanent() {
        assertThatThrownBy(() -> connector.deliver(event(ItemAction.PUBLISH, "noidx1", 1, null, "无索引号")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("索引号");
    }

    @Test
    void serverErrorsAndRefusedConnectionsAreRetriable() throws Exception {
        faults.set("disclosure", new SandboxFaults.Faults(1.0, 503, null, null, null, null));
        assertThatThrownBy(() -> connector.deliver(event(ItemAction.PUBLISH, "down1", 1, "down-1", "故障")))
                .isInstanceOf(RetriableDeliveryException.class);
        faults.clear("disclosure");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DisclosureConnector nowhere = new DisclosureConnector(new DisclosureSettings("http://127.0.0.1:" + closedPort,
                Map.of("demo", new DisclosureAccount("demo", "sandbox-secret")), null, null));
        assertThatThrownBy(() -> nowhere.deliver(event(ItemAction.PUBLISH, "down1", 1, "down-1", "故障")))
                .isInstanceOf(RetriableDeliveryException.class);
        nowhere.close();
        assertThat(recorder.posts("disclosure")).isEmpty();
    }

    @Test
    void aPushThatTimesOutIsUnconfirmedAndTheLookupSettlesIt() {
        faults.set("disclosure", new SandboxFaults.Faults(null, null, null, null, 1.0, 1500L));
        DisclosureConnector impatient = connector("sandbox-secret", Clock.systemUTC(), Duration.ofMillis(300));
        ItemEvent event = event(ItemAction.PUBLISH, "slow1", 1, "slow-1", "超时");

        assertThatThrownBy(() -> impatient.deliver(event)).isInstanceOf(UnconfirmedDeliveryException.class);

        faults.clear("disclosure");
        assertThat(connector.lookup(event)).isInstanceOf(Lookup.Found.class);
        assertThat(recorder.posts("disclosure")).hasSize(1);
        impatient.close();
    }

    @Test
    void lookupFindsOnlyThisVersion() throws Exception {
        ItemEvent v1 = event(ItemAction.PUBLISH, "look1", 1, "look-" + INDEX_NO, "查询");
        ItemEvent v2 = event(ItemAction.UPDATE, "look1", 2, "look-" + INDEX_NO, "查询");

        assertThat(connector.lookup(v1)).isInstanceOf(Lookup.NotFound.class);
        DeliveryReceipt receipt = connector.deliver(v1);

        assertThat(connector.lookup(v1)).isEqualTo(Lookup.found(receipt));
        assertThat(connector.lookup(v2)).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void withdrawRevokesTheEntry() throws Exception {
        connector.deliver(event(ItemAction.PUBLISH, "gone1", 1, "gone-" + INDEX_NO, "撤回"));
        ItemEvent withdraw = event(ItemAction.WITHDRAW, "gone1", 1, "gone-" + INDEX_NO, "撤回");
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.NotFound.class);

        DeliveryReceipt receipt = connector.deliver(withdraw);

        assertThat(receipt.ref()).isEqualTo("gone-" + INDEX_NO);
        assertThat(recorder.posts("disclosure")).singleElement().extracting(SandboxPost::deleted).isEqualTo(true);
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.Found.class);
        assertThat(connector.deliver(withdraw).ref()).isEqualTo("gone-" + INDEX_NO);
        assertThat(connector.deliver(event(ItemAction.WITHDRAW, "never1", 1, "never-1", "从未发布")).url()).isNull();
    }

    @Test
    void accountProblemsNameTheKey() {
        assertThat(connector.accountProblem("demo")).isNull();
        assertThat(connector.accountProblem("other"))
                .contains("tongfa.connectors.disclosure.accounts.other.app-key");
        assertThat(new DisclosureConnector(new DisclosureSettings(null, null, null, null)).accountProblem("demo"))
                .contains("tongfa.connectors.disclosure.endpoint");
        assertThatThrownBy(() -> connector.deliver(event(ItemAction.PUBLISH, "acc1", 1, "acc-1", "无账号", "other")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.disclosure.accounts.other");
    }

    private DisclosureConnector connector(String secret, Clock clock, Duration readTimeout) {
        DisclosureConnector created = new DisclosureConnector(new DisclosureSettings(
                "http://127.0.0.1:" + port + "/sandbox/disclosure",
                Map.of("demo", new DisclosureAccount("demo-app", secret)), Duration.ofSeconds(2), readTimeout),
                clock);
        created.start();
        // What the host does at start-up, in the background, for each agency.
        created.checkAccount("demo");
        return created;
    }

    private static ItemEvent event(ItemAction action, String itemId, int version, String indexNo, String title) {
        return event(action, itemId, version, indexNo, title, "demo");
    }

    private static ItemEvent event(ItemAction action, String itemId, int version, String indexNo, String title,
            String agency) {
        String path = "demo/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "为规范某某工作，制定本办法。", "<p>正文</p>", "司法", "规章",
                "某司发〔2026〕1号", LocalDate.of(2026, 11, 20), indexNo, "某市司法局",
                "https://www.example.gov.cn/" + path, path,
                OffsetDateTime.of(2026, 11, 21, 9, 30, 0, 0, ZoneOffset.ofHours(8)), null,
                List.of(PDF), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, agency, List.of("disclosure"),
                item, OffsetDateTime.now().toInstant());
    }
}
