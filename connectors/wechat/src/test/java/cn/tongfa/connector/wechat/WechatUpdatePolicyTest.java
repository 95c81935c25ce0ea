package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.connector.api.UpdatePolicy;
import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * Updates on WeChat under each agency policy, with WxJava against the simulator: delete and republish replaces
 * the article exactly once however often it is run again (as the worker does after a crash or a doubtful call),
 * and manual leaves the account alone.
 */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tongfa.sandbox.enabled=true", "tongfa.sandbox.wechat.apps.wx-upd=upd-secret"})
class WechatUpdatePolicyTest {

    private static final String AGENCY = "demo";

    @LocalServerPort
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    private WechatConnector republishing;
    private WechatConnector manual;
    private String itemId;

    @BeforeEach
    void setUp() {
        recorder.clear("wechat");
        faults.clear("wechat");
        republishing = connector(UpdatePolicy.DELETE_AND_REPUBLISH, Duration.ofSeconds(5));
        manual = connector(null, Duration.ofSeconds(5));
        itemId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterEach
    void tearDown() {
        faults.clear("wechat");
        republishing.close();
        manual.close();
    }

    @Test
    void manualIsTheDefaultAndLeavesTheArticleForAPerson() throws Exception {
        DeliveryReceipt first = manual.deliver(event(ItemAction.PUBLISH, 1, "原标题"));

        assertThatThrownBy(() -> manual.deliver(event(ItemAction.UPDATE, 2, "新标题")))
                .isInstanceOfSatisfying(PermanentDeliveryException.class,
                        e -> assertThat(e.code()).isEqualTo("update-manual"))
                .hasMessageStartingWith("需人工处理：")
                .hasMessageContaining("DELETE_AND_REPUBLISH");
        assertThat(recorder.posts("wechat")).singleElement().satisfies(post -> {
            assertThat(post.postId()).startsWith(first.ref());
            assertThat(post.deleted()).isFalse();
        });
    }

    @Test
    void deleteAndRepublishReplacesTheArticleByTheNewVersion() throws Exception {
        DeliveryReceipt first = republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");

        DeliveryReceipt second = republishing.deliver(update);

        assertThat(second.ref()).isNotEqualTo(first.ref());
        assertThat(live()).singleElement().satisfies(post -> {
            assertThat(post.postId()).startsWith(second.ref());
            assertThat(post.title()).isEqualTo("新标题");
            assertThat(post.detail().get("content_source_url")).isEqualTo(portalUrl() + "?v=2");
        });
        assertThat(recorder.posts("wechat")).filteredOn(SandboxPost::deleted).singleElement()
                .satisfies(post -> assertThat(post.postId()).startsWith(first.ref()));
        assertThat(republishing.lookup(update)).isEqualTo(Lookup.found(second));
        assertThat(republishing.lookup(event(ItemAction.PUBLISH, 1, "原标题"))).isEqualTo(Lookup.notFound());
    }

    @Test
    void runningTheUpdateAgainAfterItWentThroughNeitherDeletesNorPublishesAgain() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");
        DeliveryReceipt second = republishing.deliver(update);

        assertThat(republishing.lookup(update)).isEqualTo(Lookup.found(second));
        DeliveryReceipt again = republishing.deliver(update);

        assertThat(again).isEqualTo(second);
        assertThat(live()).singleElement().satisfies(post -> assertThat(post.postId()).startsWith(second.ref()));
        assertThat(recorder.posts("wechat")).hasSize(2);
    }

    @Test
    void aCrashBetweenTheDeleteAndThePublicationIsFinishedByTheNextRun() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");
        faults.set("wechat", SandboxFaults.Faults.error(-1, "draft/add").times(1));

        assertThatThrownBy(() -> republishing.deliver(update)).isInstanceOf(RetriableDeliveryException.class);
        assertThat(live()).isEmpty();
        assertThat(republishing.lookup(update)).isEqualTo(Lookup.notFound());

        DeliveryReceipt second = republishing.deliver(update);

        assertThat(live()).singleElement().satisfies(post -> assertThat(post.postId()).startsWith(second.ref()));
    }

    @Test
    void aSubmissionThatTimedOutIsFoundByTheLookupAndNotPublishedTwice() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");
        WechatConnector impatient = new WechatConnector(new WechatSettings(base(),
                Map.of(AGENCY, WechatAccount.polling("wx-upd", "upd-secret", null)
                        .withUpdatePolicy(UpdatePolicy.DELETE_AND_REPUBLISH)),
                Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMillis(300)));
        faults.set("wechat", SandboxFaults.Faults.hangAfterAccept("freepublish/submit", 1500L));

        assertThatThrownBy(() -> impatient.deliver(update)).isInstanceOf(UnconfirmedDeliveryException.class);
        faults.clear("wechat");

        // The answer to submit (the publish_id) was lost, so nothing can ask for the job: the article is found
        // once WeChat finished publishing it (the simulator's publish time), not listed before.
        Lookup lookup = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> republishing.lookup(update), answer -> answer instanceof Lookup.Found);
        assertThat(live()).singleElement().satisfies(
                post -> assertThat(post.postId()).startsWith(((Lookup.Found) lookup).receipt().ref()));
        impatient.close();
    }

    @Test
    void anOlderVersionArrivingLateNeverReplacesANewerOne() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        DeliveryReceipt third = republishing.deliver(event(ItemAction.UPDATE, 3, "第三版"));

        assertThatThrownBy(() -> republishing.deliver(event(ItemAction.UPDATE, 2, "第二版")))
                .isInstanceOfSatisfying(PermanentDeliveryException.class,
                        e -> assertThat(e.code()).isEqualTo("superseded"))
                .hasMessageContaining("第3版");
        assertThat(live()).singleElement().satisfies(post -> assertThat(post.postId()).startsWith(third.ref()));
    }

    @Test
    void withdrawalRemovesTheRepublishedArticle() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        republishing.deliver(event(ItemAction.UPDATE, 2, "新标题"));
        ItemEvent withdrawal = event(ItemAction.WITHDRAW, 2, "新标题");

        republishing.deliver(withdrawal);

        assertThat(live()).isEmpty();
        assertThat(republishing.lookup(withdrawal)).isInstanceOf(Lookup.Found.class);
    }

    private List<SandboxPost> live() {
        return recorder.posts("wechat").stream().filter(post -> !post.deleted()).toList();
    }

    private WechatConnector connector(UpdatePolicy policy, Duration requestTimeout) {
        WechatConnector created = new WechatConnector(new WechatSettings(base(),
                Map.of(AGENCY, WechatAccount.polling("wx-upd", "upd-secret", null).withUpdatePolicy(policy)),
                Duration.ofMillis(20), Duration.ofSeconds(5), requestTimeout));
        created.start();
        return created;
    }

    private String base() {
        return "http://localhost:" + port + "/sandbox/wechat";
    }

    private String portalUrl() {
        return "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
    }

    private ItemEvent event(ItemAction action, int version, String title) {
        ItemSnapshot item = new ItemSnapshot(title, "全市空气质量优良天数比例为百分之九十。", "<p>全市空气质量持续改善。</p>", null,
                null, null, null, "000000-2026-00001", "市生态环境局", portalUrl(),
                "zwgk/202603/t20260301_" + itemId + ".html", OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), null,
                List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, AGENCY, List.of("wechat"), item,
                Instant.now());
    }
}
