package cn.tongfa.connector.weibo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Updates on Weibo under each agency policy, with the real OkHttp client against the simulator: delete and
 * republish replaces the status exactly once however often it is run again (as the worker does after a crash or a
 * doubtful call), and manual leaves the channel alone.
 */
@SpringBootTest(classes = WeiboSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tongfa.sandbox.enabled=true")
class WeiboUpdatePolicyTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    private String token;
    private WeiboConnector republishing;
    private WeiboConnector manual;
    private String itemId;

    @BeforeEach
    void setUp() {
        recorder.clear("weibo");
        faults.clear("weibo");
        token = "token-" + UUID.randomUUID();
        republishing = connector(UpdatePolicy.DELETE_AND_REPUBLISH, Duration.ofSeconds(5));
        manual = connector(null, Duration.ofSeconds(5));
        itemId = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @AfterEach
    void tearDown() {
        faults.clear("weibo");
        republishing.close();
        manual.close();
    }

    @Test
    void manualIsTheDefaultAndLeavesThePostForAPerson() throws Exception {
        DeliveryReceipt first = manual.deliver(event(ItemAction.PUBLISH, 1, "原标题"));

        assertThatThrownBy(() -> manual.deliver(event(ItemAction.UPDATE, 2, "新标题")))
                .isInstanceOfSatisfying(PermanentDeliveryException.class,
                        e -> assertThat(e.code()).isEqualTo("update-manual"))
                .hasMessageStartingWith("需人工处理：")
                .hasMessageContaining("DELETE_AND_REPUBLISH");
        assertThat(recorder.posts("weibo")).singleElement().satisfies(post -> {
            assertThat(post.postId()).isEqualTo(first.ref());
            assertThat(post.deleted()).isFalse();
        });
    }

    @Test
    void deleteAndRepublishReplacesTheStatusByTheNewVersion() throws Exception {
        DeliveryReceipt first = republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");

        DeliveryReceipt second = republishing.deliver(update);

        assertThat(second.ref()).isNotEqualTo(first.ref());
        assertThat(live()).singleElement().satisfies(post -> {
            assertThat(post.postId()).isEqualTo(second.ref());
            assertThat(post.text()).contains("新标题", link() + "?v=2");
        });
        assertThat(recorder.posts("weibo")).filteredOn(SandboxPost::deleted).singleElement()
                .extracting(SandboxPost::postId).isEqualTo(first.ref());
        assertThat(republishing.lookup(update)).isEqualTo(Lookup.found(second));
        // The first publication's own look-up does not mistake the new version's status for it.
        assertThat(republishing.lookup(event(ItemAction.PUBLISH, 1, "原标题"))).isEqualTo(Lookup.notFound());
    }

    @Test
    void runningTheUpdateAgainAfterItWentThroughNeitherDeletesNorPostsAgain() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");
        DeliveryReceipt second = republishing.deliver(update);

        // What a worker does when it finds its DELIVERING mark after a crash: look up, and deliver only if absent.
        assertThat(republishing.lookup(update)).isEqualTo(Lookup.found(second));
        DeliveryReceipt again = republishing.deliver(update);

        assertThat(again).isEqualTo(second);
        assertThat(live()).singleElement().extracting(SandboxPost::postId).isEqualTo(second.ref());
        assertThat(recorder.posts("weibo")).hasSize(2);
    }

    @Test
    void aCrashBetweenTheDeleteAndThePostIsFinishedByTheNextRun() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");
        faults.set("weibo", SandboxFaults.Faults.error(10001, "share.json").forAccount(token).times(1));

        assertThatThrownBy(() -> republishing.deliver(update)).isInstanceOf(RetriableDeliveryException.class);
        assertThat(live()).isEmpty();
        assertThat(republishing.lookup(update)).isEqualTo(Lookup.notFound());

        DeliveryReceipt second = republishing.deliver(update);

        assertThat(live()).singleElement().extracting(SandboxPost::postId).isEqualTo(second.ref());
    }

    @Test
    void aPostThatTimedOutIsFoundByTheLookupAndNotPostedTwice() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        ItemEvent update = event(ItemAction.UPDATE, 2, "新标题");
        WeiboConnector impatient = connector(UpdatePolicy.DELETE_AND_REPUBLISH, Duration.ofMillis(300));
        faults.set("weibo", SandboxFaults.Faults.hangAfterAccept("share.json", 1500L).forAccount(token));

        assertThatThrownBy(() -> impatient.deliver(update)).isInstanceOf(UnconfirmedDeliveryException.class);
        faults.clear("weibo");

        Lookup lookup = republishing.lookup(update);
        assertThat(lookup).isInstanceOf(Lookup.Found.class);
        assertThat(live()).singleElement().extracting(SandboxPost::postId)
                .isEqualTo(((Lookup.Found) lookup).receipt().ref());
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
        assertThat(live()).singleElement().extracting(SandboxPost::postId).isEqualTo(third.ref());
    }

    @Test
    void anUpdateOfAnItemNeverPostedPostsIt() throws Exception {
        DeliveryReceipt receipt = republishing.deliver(event(ItemAction.UPDATE, 2, "新标题"));

        assertThat(live()).singleElement().extracting(SandboxPost::postId).isEqualTo(receipt.ref());
    }

    @Test
    void withdrawalRemovesTheRepublishedStatus() throws Exception {
        republishing.deliver(event(ItemAction.PUBLISH, 1, "原标题"));
        republishing.deliver(event(ItemAction.UPDATE, 2, "新标题"));
        ItemEvent withdrawal = event(ItemAction.WITHDRAW, 2, "新标题");

        republishing.deliver(withdrawal);

        assertThat(live()).isEmpty();
        assertThat(republishing.lookup(withdrawal)).isInstanceOf(Lookup.Found.class);
    }

    private List<SandboxPost> live() {
        return recorder.posts("weibo").stream().filter(post -> !post.deleted()).toList();
    }

    private WeiboConnector connector(UpdatePolicy policy, Duration readTimeout) {
        WeiboConnector created = new WeiboConnector(new WeiboSettings("http://127.0.0.1:" + port + "/sandbox/weibo",
                Map.of("demo", new WeiboAccount(token, policy)), Duration.ofSeconds(2), readTimeout, 2));
        created.start();
        return created;
    }

    private String link() {
        return "http://localhost:" + port + "/demo/202611/t20261121_" + itemId + ".html";
    }

    private ItemEvent event(ItemAction action, int version, String title) {
        ItemSnapshot item = new ItemSnapshot(title, "本市发布" + title + "相关情况。", "<p>正文</p>", null, null, null,
                null, "idx-" + itemId, "某市司法局", link(), "demo/202611/t20261121_" + itemId + ".html", null, null,
                List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, "demo", List.of("weibo"), item,
                OffsetDateTime.now().toInstant());
    }
}
