package cn.tongfa.connector.weibo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
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

/** The Weibo connector's real OkHttp client against the sandbox's simulated Weibo API. */
@SpringBootTest(classes = WeiboSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tongfa.sandbox.enabled=true", "tongfa.sandbox.weibo.hourly-limit=3"})
class WeiboConnectorTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    private String token;
    private WeiboConnector connector;

    @BeforeEach
    void setUp() {
        recorder.clear("weibo");
        faults.clear("weibo");
        // A fresh token is a fresh account in the simulator: its own timeline and hourly quota.
        token = "token-" + UUID.randomUUID();
        connector = connector("/sandbox/weibo", token, Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        faults.clear("weibo");
        connector.close();
    }

    @Test
    void publishPostsOneStatusLinkingThePortalPage() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "pub1", "关于印发某某办法的通知", "为规范某某工作，制定本办法。");

        DeliveryReceipt receipt = connector.deliver(event);

        List<SandboxPost> posts = recorder.posts("weibo");
        assertThat(posts).hasSize(1);
        SandboxPost post = posts.get(0);
        assertThat(post.itemId()).isEqualTo("pub1");
        assertThat(post.text()).isEqualTo("【关于印发某某办法的通知】为规范某某工作，制定本办法。 " + link("pub1"));
        assertThat(receipt.ref()).isEqualTo(post.postId()).matches("\\d{16,}");
        assertThat(receipt.url()).isEqualTo("https://weibo.com/" + post.detail().get("uid") + "/" + receipt.ref());
    }

    @Test
    void aLongTitleAndSummaryStillKeepTheLinkWholeWithin140() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "long1", "某某市人民政府办公厅关于".repeat(8),
                "根据工作安排，现将有关事项通知如下。".repeat(20));

        connector.deliver(event);

        String text = recorder.posts("weibo").get(0).text();
        assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(140);
        assertThat(text).endsWith(" " + link("long1")).doesNotContain("#");
    }

    @Test
    void expiredAndInvalidTokensNeedReauthorisationNamingTheKey() {
        for (String rejected : List.of("expired-abc", "invalid-abc")) {
            WeiboConnector stale = connector("/sandbox/weibo", rejected, Duration.ofSeconds(5));
            assertThatThrownBy(() -> stale.deliver(event(ItemAction.PUBLISH, "auth1", "授权", "摘要")))
                    .as(rejected)
                    .isInstanceOf(PermanentDeliveryException.class)
                    .hasMessageContaining("需要重新授权")
                    .hasMessageContaining("tongfa.connectors.weibo.accounts.demo.access-token");
            stale.close();
        }
        assertThat(recorder.posts("weibo")).isEmpty();
    }

    @Test
    void theStartUpCheckAcceptsAGoodTokenAndNamesTheKeyOfARefusedOne() throws Exception {
        assertThat(connector.checkAccount("demo")).isEqualTo(AccountCheck.ok());
        assertThat(connector.accountProblem("demo")).isNull();

        for (String refused : List.of("expired-check", "invalid-check")) {
            WeiboConnector stale = connector("/sandbox/weibo", refused, Duration.ofSeconds(5));
            AccountCheck check = stale.checkAccount("demo");
            assertThat(check.state()).as(refused).isEqualTo(AccountCheck.State.REJECTED);
            assertThat(check.message()).as(refused)
                    .contains(refused.startsWith("expired") ? "21327" : "21332")
                    .contains("tongfa.connectors.weibo.accounts.demo.access-token")
                    .doesNotContain(refused);
            // The account waits for re-authorisation: nothing is sent for it, no retry is burnt.
            assertThat(stale.accountProblem("demo")).isEqualTo(check.message());
            assertThatThrownBy(() -> stale.deliver(event(ItemAction.PUBLISH, "chk1", "核验", "摘要")))
                    .isInstanceOf(PermanentDeliveryException.class)
                    .hasMessageContaining("tongfa.connectors.weibo.accounts.demo.access-token");
            stale.close();
        }

        WeiboConnector none = new WeiboConnector(new WeiboSettings("http://127.0.0.1:" + port + "/sandbox/weibo",
                Map.of(), null, null, null));
        assertThat(none.checkAccount("demo")).isEqualTo(
                AccountCheck.rejected("未配置微博账号的 access token：tongfa.connectors.weibo.accounts.demo.access-token"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WeiboConnector nowhere = new WeiboConnector(new WeiboSettings("http://127.0.0.1:" + closedPort,
                Map.of("demo", new WeiboAccount(token, null)), null, null, null));
        assertThat(nowhere.checkAccount("demo").state()).isEqualTo(AccountCheck.State.UNVERIFIED);
        assertThat(nowhere.accountProblem("demo")).as("an unreachable Weibo says nothing about the token").isNull();
        nowhere.close();
        assertThat(recorder.posts("weibo")).isEmpty();
    }

    @Test
    void aLinkOutsideTheSafeDomainIsAConfigurationError() {
        ItemEvent event = eventLinking(ItemAction.PUBLISH, "dom1",
                "https://www.example.gov.cn/demo/202611/t20261121_dom1.html", null);

        assertThatThrownBy(() -> connector.deliver(event))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("安全域名")
                .extracting(e -> ((DeliveryException) e).code()).isEqualTo("10017");
    }

    @Test
    void repeatedTextIsDeliveredWhenOurEarlierPostIsOnTheTimeline() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "rep1", "重复", "摘要");
        DeliveryReceipt first = connector.deliver(event);

        DeliveryReceipt again = connector.deliver(event);

        assertThat(again).isEqualTo(first);
        assertThat(recorder.posts("weibo")).hasSize(1);
    }

    @Test
    void repeatedTextWithoutOurPostIsPermanent() {
        WeiboConnector stub = connector("/stub/weibo", "code-20019", Duration.ofSeconds(5));

        assertThatThrownBy(() -> stub.deliver(event(ItemAction.PUBLISH, "rep2", "重复", "摘要")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("重复")
                .extracting(e -> ((DeliveryException) e).code()).isEqualTo("20019");
        stub.close();
    }

    @Test
    void textTooLongIsPermanent() {
        WeiboConnector stub = connector("/stub/weibo", "code-20012", Duration.ofSeconds(5));

        assertThatThrownBy(() -> stub.deliver(event(ItemAction.PUBLISH, "len1", "太长", "摘要")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("140")
                .extracting(e -> ((DeliveryException) e).code()).isEqualTo("20012");
        stub.close();
    }

    @Test
    void theHourlyLimitIsRetriableAfterTheRestOfTheHour() throws Exception {
        for (int i = 1; i <= 3; i++) {
            connector.deliver(event(ItemAction.PUBLISH, "lim" + i, "限流" + i, "摘要"));
        }

        assertThatThrownBy(() -> connector.deliver(event(ItemAction.PUBLISH, "lim4", "限流4", "摘要")))
                .isInstanceOfSatisfying(RetriableDeliveryException.class, e -> {
                    assertThat(e.code()).isEqualTo("10023");
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
                });
        assertThat(recorder.posts("weibo")).hasSize(3);
    }

    @Test
    void otherRateLimitCodesAreRetriableToo() {
        for (String code : List.of("10022", "10024")) {
            WeiboConnector stub = connector("/stub/weibo", "code-" + code, Duration.ofSeconds(5));
            assertThatThrownBy(() -> stub.deliver(event(ItemAction.PUBLISH, "rl1", "限流", "摘要")))
                    .isInstanceOfSatisfying(RetriableDeliveryException.class,
                            e -> assertThat(e.retryAfter()).isPositive());
            stub.close();
        }
    }

    @Test
    void serverErrorsAndRefusedConnectionsAreRetriable() throws Exception {
        faults.set("weibo", new SandboxFaults.Faults(1.0, 503, null, null, null, null));
        assertThatThrownBy(() -> connector.deliver(event(ItemAction.PUBLISH, "down1", "故障", "摘要")))
                .isInstanceOf(RetriableDeliveryException.class);
        faults.clear("weibo");

        WeiboConnector gateway = connector("/stub/weibo", "http-502", Duration.ofSeconds(5));
        assertThatThrownBy(() -> gateway.deliver(event(ItemAction.PUBLISH, "down1", "故障", "摘要")))
                .isInstanceOf(RetriableDeliveryException.class);
        gateway.close();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WeiboConnector nowhere = new WeiboConnector(new WeiboSettings("http://127.0.0.1:" + closedPort,
                Map.of("demo", new WeiboAccount(token, null)), null, null, null));
        assertThatThrownBy(() -> nowhere.deliver(event(ItemAction.PUBLISH, "down1", "故障", "摘要")))
                .isInstanceOf(RetriableDeliveryException.class);
        nowhere.close();
        assertThat(recorder.posts("weibo")).isEmpty();
    }

    @Test
    void aPostThatTimesOutIsUnconfirmedAndTheLookupFindsIt() {
        faults.set("weibo", new SandboxFaults.Faults(null, null, null, null, 1.0, 1500L));
        WeiboConnector impatient = connector("/sandbox/weibo", token, Duration.ofMillis(300));
        ItemEvent event = event(ItemAction.PUBLISH, "slow1", "超时", "摘要");

        assertThatThrownBy(() -> impatient.deliver(event)).isInstanceOf(UnconfirmedDeliveryException.class);

        faults.clear("weibo");
        assertThat(connector.lookup(event)).isInstanceOfSatisfying(Lookup.Found.class,
                found -> assertThat(found.receipt().ref()).isEqualTo(recorder.posts("weibo").get(0).postId()));
        impatient.close();
    }

    @Test
    void lookupFindsThePostOnlyOnceItExists() throws Exception {
        ItemEvent event = event(ItemAction.PUBLISH, "look1", "查询", "摘要");
        connector.deliver(event(ItemAction.PUBLISH, "other1", "别的", "摘要"));

        assertThat(connector.lookup(event)).isInstanceOf(Lookup.NotFound.class);
        DeliveryReceipt receipt = connector.deliver(event);

        assertThat(connector.lookup(event)).isEqualTo(Lookup.found(receipt));
    }

    @Test
    void updateIsRefusedForAPersonToHandle() {
        assertThatThrownBy(() -> connector.deliver(event(ItemAction.UPDATE, "upd1", "修改", "摘要")))
                .isInstanceOfSatisfying(PermanentDeliveryException.class,
                        e -> assertThat(e.code()).isEqualTo("update-manual"))
                .hasMessageStartingWith("需人工处理：微博发出后不能修改")
                .hasMessageContaining("tongfa.connectors.weibo.accounts.demo.update-policy");
    }

    @Test
    void withdrawDeletesTheStatus() throws Exception {
        DeliveryReceipt published = connector.deliver(event(ItemAction.PUBLISH, "gone1", "撤回", "摘要"));
        ItemEvent withdraw = event(ItemAction.WITHDRAW, "gone1", "撤回", "摘要");
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.NotFound.class);

        DeliveryReceipt receipt = connector.deliver(withdraw);

        assertThat(receipt).isEqualTo(published);
        assertThat(recorder.posts("weibo")).singleElement().extracting(SandboxPost::deleted).isEqualTo(true);
        assertThat(connector.lookup(withdraw)).isInstanceOf(Lookup.Found.class);
        assertThat(connector.deliver(withdraw).ref()).isNull();
    }

    @Test
    void aMissingAccountNamesTheKey() {
        assertThat(connector.accountProblem("demo")).isNull();
        assertThat(connector.accountProblem("other")).contains("tongfa.connectors.weibo.accounts.other.access-token");
        ItemEvent elsewhere = new ItemEvent("e", ItemAction.PUBLISH, "x1", 1, "other", List.of("weibo"),
                event(ItemAction.PUBLISH, "x1", "无账号", null).item(), OffsetDateTime.now().toInstant());
        assertThatThrownBy(() -> connector.deliver(elsewhere))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.weibo.accounts.other.access-token");
    }

    private WeiboConnector connector(String path, String accessToken, Duration readTimeout) {
        WeiboConnector created = new WeiboConnector(new WeiboSettings("http://127.0.0.1:" + port + path,
                Map.of("demo", new WeiboAccount(accessToken, null)), Duration.ofSeconds(2), readTimeout, 2));
        created.start();
        return created;
    }

    private String link(String itemId) {
        return "http://localhost:" + port + "/demo/202611/t20261121_" + itemId + ".html";
    }

    private ItemEvent event(ItemAction action, String itemId, String title, String summary) {
        return eventLinking(action, itemId, link(itemId), title, summary);
    }

    private ItemEvent eventLinking(ItemAction action, String itemId, String link, String title) {
        return eventLinking(action, itemId, link, title == null ? "标题" : title, "摘要");
    }

    private static ItemEvent eventLinking(ItemAction action, String itemId, String link, String title,
            String summary) {
        ItemSnapshot item = new ItemSnapshot(title, summary, "<p>正文</p>", null, null, null, null, "idx-" + itemId,
                "某市司法局", link, "demo/202611/t20261121_" + itemId + ".html", null, null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, 1, "demo", List.of("weibo"), item,
                OffsetDateTime.now().toInstant());
    }
}
