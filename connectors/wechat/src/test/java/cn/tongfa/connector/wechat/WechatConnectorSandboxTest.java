package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongfa.connector.api.AccountCheck;
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

/** The connector, with the real WxJava client, against the sandbox's WeChat simulator over HTTP. */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tongfa.sandbox.enabled=true",
                "tongfa.sandbox.wechat.apps.wx-demo=demo-secret",
                "tongfa.sandbox.wechat.apps.wx-other=other-secret",
                "spring.servlet.multipart.max-file-size=20MB",
                "spring.servlet.multipart.max-request-size=20MB"
        })
@ExtendWith(OutputCaptureExtension.class)
class WechatConnectorSandboxTest {

    private static final String AGENCY = "demo";

    @LocalServerPort
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    private WechatConnector connector;

    @BeforeEach
    void setUp() {
        recorder.clear("wechat");
        faults.clear("wechat");
        connector = connector(Duration.ofMillis(20), Duration.ofSeconds(5));
        connector.start();
    }

    @AfterEach
    void tearDown() {
        faults.clear("wechat");
        connector.close();
    }

    @Test
    void publishReturnsTheArticleAndTheSimulatorRecordsOnePost() throws Exception {
        ItemEvent event = publish("环境保护局发布2026年空气质量公报");

        DeliveryReceipt receipt = connector.deliver(event);

        assertThat(receipt.ref()).isNotBlank();
        assertThat(receipt.url()).isEqualTo(base() + "/sandbox/wechat/s/" + receipt.ref());
        List<SandboxPost> posts = recorder.posts("wechat");
        assertThat(posts).hasSize(1);
        SandboxPost post = posts.get(0);
        assertThat(post.postId()).isEqualTo(receipt.ref());
        assertThat(post.itemId()).isEqualTo(event.itemId());
        assertThat(post.title()).isEqualTo("环境保护局发布2026年空气质量公报");
        assertThat(post.text()).isEqualTo("全市空气质量优良天数比例为百分之九十。");
        assertThat(post.detail()).containsEntry("content_source_url", event.item().portalUrl())
                .containsEntry("author", "市环境局")
                .containsKey("thumb_media_id");
        String page = get(receipt.url()).body();
        assertThat(page).contains("环境保护局发布2026年空气质量公报", "阅读原文", event.item().portalUrl());
    }

    @Test
    void titleOverThirtyTwoCharactersIsPermanent() {
        String title = "关于进一步加强和改进全市政府信息公开工作推动政务公开标准化规范化建设的实施意见";
        int length = title.codePointCount(0, title.length());

        assertThatThrownBy(() -> connector.deliver(publish(title)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("不能超过32个字")
                .hasMessageContaining("有" + length + "个字");
        assertThat(recorder.posts("wechat")).isEmpty();
    }

    @Test
    void simulatedOutageIsRetriable() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/sandbox/wechat/faults"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"failRate\":1,\"status\":503}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> connector.deliver(publish("市政府召开常务会议")))
                .isInstanceOf(RetriableDeliveryException.class)
                .satisfies(e -> assertThat(((RetriableDeliveryException) e).code()).isEqualTo("HTTP 503"));
        assertThat(recorder.posts("wechat")).isEmpty();
    }

    @Test
    void theStartUpCheckObtainsATokenAndNamesTheKeyOfAWrongSecretWithoutLoggingIt(CapturedOutput output)
            throws Exception {
        assertThat(connector.checkAccount(AGENCY)).isEqualTo(AccountCheck.ok());

        WechatConnector wrong = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "not-the-secret", null)),
                Duration.ofMillis(20), Duration.ofSeconds(5), null));
        wrong.start();
        AccountCheck refused = wrong.checkAccount(AGENCY);
        assertThat(refused.state()).isEqualTo(AccountCheck.State.REJECTED);
        assertThat(refused.message()).contains("40125", "tongfa.connectors.wechat.accounts.demo.secret");
        assertThat(wrong.accountProblem(AGENCY)).isEqualTo(refused.message());
        wrong.close();

        WechatConnector unknownApp = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-nobody", "demo-secret", null)),
                Duration.ofMillis(20), Duration.ofSeconds(5), null));
        assertThat(unknownApp.checkAccount(AGENCY).message())
                .contains("40013", "tongfa.connectors.wechat.accounts.demo.app-id");
        unknownApp.close();

        // WeChat answers a wrong AppSecret with 40001 on the token call as well.
        faults.set("wechat", SandboxFaults.Faults.error(40001, "stable_token").forAccount("wx-other"));
        WechatConnector other = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-other", "other-secret", null)),
                Duration.ofMillis(20), Duration.ofSeconds(5), null));
        assertThat(other.checkAccount(AGENCY).message())
                .contains("40001", "tongfa.connectors.wechat.accounts.demo.secret");
        other.close();
        faults.clear("wechat");

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WechatConnector nowhere = new WechatConnector(new WechatSettings("http://127.0.0.1:" + closedPort,
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "demo-secret", null)),
                Duration.ofMillis(20), Duration.ofSeconds(5), null));
        assertThat(nowhere.checkAccount(AGENCY).state()).isEqualTo(AccountCheck.State.UNVERIFIED);
        assertThat(nowhere.accountProblem(AGENCY)).isNull();
        nowhere.close();

        assertThat(output.getAll()).doesNotContain("not-the-secret", "demo-secret", "other-secret");
    }

    @Test
    void wrongSecretIsPermanentAndNamesTheKey() {
        WechatConnector wrong = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "not-the-secret", null)),
                Duration.ofMillis(20), Duration.ofSeconds(5), null));
        wrong.start();

        assertThatThrownBy(() -> wrong.deliver(publish("市政府召开常务会议")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.wechat.accounts.demo.secret")
                .satisfies(e -> assertThat(((PermanentDeliveryException) e).code()).isEqualTo("40125"));
        assertThat(wrong.accountProblem(AGENCY)).contains("tongfa.connectors.wechat.accounts.demo.secret");
        wrong.close();
    }

    @Test
    void agencyWithoutAccountIsPermanentAndReported() {
        ItemEvent event = event(ItemAction.PUBLISH, "no-account", newItemId(), "市政府召开常务会议", null, null);

        assertThatThrownBy(() -> connector.deliver(event))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.wechat.accounts.no-account.app-id");
        assertThat(connector.accountProblem("no-account")).contains("tongfa.connectors.wechat.accounts.no-account");
        assertThat(connector.accountProblem(AGENCY)).isNull();
    }

    @Test
    void lookupAfterPublishFindsTheArticle() throws Exception {
        ItemEvent event = publish("市政府召开常务会议");
        DeliveryReceipt receipt = connector.deliver(event);

        Lookup lookup = connector.lookup(event);

        assertThat(lookup).isEqualTo(Lookup.found(receipt));
    }

    @Test
    void lookupOfAnUnknownItemIsNotFound() throws Exception {
        connector.deliver(publish("市政府召开常务会议"));

        assertThat(connector.lookup(publish("从未发布的条目"))).isEqualTo(Lookup.notFound());
    }

    @Test
    void withdrawDeletesTheArticle() throws Exception {
        ItemEvent event = publish("市政府召开常务会议");
        DeliveryReceipt published = connector.deliver(event);
        ItemEvent withdrawal = event(ItemAction.WITHDRAW, AGENCY, event.itemId(), "市政府召开常务会议", null, null);

        DeliveryReceipt receipt = connector.deliver(withdrawal);

        assertThat(receipt.ref()).isEqualTo(published.ref());
        assertThat(recorder.posts("wechat")).singleElement().satisfies(post -> {
            assertThat(post.postId()).isEqualTo(published.ref());
            assertThat(post.deleted()).isTrue();
        });
        assertThat(connector.lookup(event)).isEqualTo(Lookup.notFound());
        assertThat(connector.lookup(withdrawal)).isInstanceOf(Lookup.Found.class);
        assertThat(get(published.url()).body()).contains("已被发布者删除");
    }

    @Test
    void withdrawOfAnItemNeverPublishedHasNothingToRemove() throws Exception {
        DeliveryReceipt receipt = connector.deliver(
                event(ItemAction.WITHDRAW, AGENCY, newItemId(), "市政府召开常务会议", null, null));

        assertThat(receipt).isEqualTo(new DeliveryReceipt(null, null));
    }

    @Test
    void updateIsPermanentForAPersonToHandle() {
        ItemEvent update = event(ItemAction.UPDATE, AGENCY, newItemId(), "市政府召开常务会议", null, null);

        assertThatThrownBy(() -> connector.deliver(update))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageStartingWith("需人工处理：微信公众号已发布的文章不能修改")
                .hasMessageContaining("tongfa.connectors.wechat.accounts.demo.update-policy");
    }

    @Test
    void reviewRejectionIsPermanentWithTheReason() {
        ItemEvent event = event(ItemAction.PUBLISH, AGENCY, newItemId(), "市政府召开常务会议",
                "<p>sandbox:reject</p>", null);

        assertThatThrownBy(() -> connector.deliver(event))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("审核不通过")
                .hasMessageContaining("[1]");
        assertThat(recorder.posts("wechat")).isEmpty();
    }

    @Test
    void imagesOutsideTheMediaLibraryAreNeverFetchedTheArticleGoesWithoutThem() throws Exception {
        // An event written before media existed: a cover URL and a body image, neither from the library.
        String picture = base() + "/test-media/picture.jpg";
        int before = WechatSandboxApplication.TestImages.HITS.get();
        ItemEvent event = event(ItemAction.PUBLISH, AGENCY, newItemId(), "市政府召开常务会议",
                "<p>会议现场</p><p><img src=\"" + picture + "\" alt=\"现场\"></p>", picture);

        connector.deliver(event);

        assertThat(WechatSandboxApplication.TestImages.HITS.get()).isEqualTo(before);
        SandboxPost post = recorder.posts("wechat").get(0);
        assertThat((String) post.detail().get("content")).contains("会议现场").doesNotContain("<img", "test-media");
        byte[] thumb = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base()
                + "/sandbox/wechat/media/" + post.detail().get("thumb_media_id"))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(thumb).isEqualTo(WechatImages.defaultCover().bytes());
    }

    @Test
    void revokedTokenIsRenewedByWxJava() throws Exception {
        connector.deliver(publish("第一篇"));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/wechat/tokens"))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());

        DeliveryReceipt receipt = connector.deliver(publish("第二篇"));

        assertThat(receipt.ref()).isNotBlank();
        assertThat(recorder.posts("wechat")).hasSize(2);
    }

    @Test
    void publishStillRunningAtTheTimeoutIsUnconfirmedAndLookupSettlesIt() throws Exception {
        WechatConnector impatient = connector(Duration.ofMillis(20), Duration.ofMillis(1));
        ItemEvent event = publish("市政府召开常务会议");

        assertThatThrownBy(() -> impatient.deliver(event)).isInstanceOf(UnconfirmedDeliveryException.class)
                .hasMessageContaining("publish_id");
        Lookup lookup = impatient.lookup(event);

        assertThat(lookup).isInstanceOf(Lookup.Found.class);
        assertThat(((Lookup.Found) lookup).receipt().ref()).isEqualTo(recorder.posts("wechat").get(0).postId());
        impatient.close();
    }

    @Test
    void readTimeoutOnDraftIsUnconfirmed() throws Exception {
        WechatConnector quick = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "demo-secret", null)),
                Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMillis(300)));
        quick.deliver(publish("第一篇"));
        faults.set("wechat", new SandboxFaults.Faults(0.0, 503, 0L, 0L, 1.0, 1_000L));

        assertThatThrownBy(() -> quick.deliver(publish("第二篇")))
                .isInstanceOf(UnconfirmedDeliveryException.class)
                .hasMessageContaining("新建草稿");
        quick.close();
    }

    private WechatConnector connector(Duration pollInterval, Duration publishTimeout) {
        return new WechatConnector(new WechatSettings(base() + "/sandbox/wechat/",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "demo-secret", "市环境局"),
                        "other", WechatAccount.polling("wx-other", "other-secret", null)),
                pollInterval, publishTimeout, Duration.ofSeconds(5)));
    }

    private ItemEvent publish(String title) {
        return event(ItemAction.PUBLISH, AGENCY, newItemId(), title, null, null);
    }

    private static ItemEvent event(ItemAction action, String agency, String itemId, String title, String body,
            String coverUrl) {
        String portalUrl = "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "全市空气质量优良天数比例为百分之九十。",
                body == null ? "<p>全市空气质量持续改善。</p>" : body, null, null, null, null, "000000-2026-00001",
                "市生态环境局", portalUrl, "zwgk/202603/t20260301_" + itemId + ".html",
                OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), coverUrl, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, 1, agency, List.of("wechat"), item,
                Instant.now());
    }

    private static String newItemId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
