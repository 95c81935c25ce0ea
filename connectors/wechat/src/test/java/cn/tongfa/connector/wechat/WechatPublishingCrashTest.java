package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongfa.connector.api.DeliveryProgress;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * A connector process that dies while WeChat is still reviewing its publish job (status 1 for seconds to
 * minutes): the job is not listed by {@code freepublish/batchget} yet, so only the publish_id recorded with the
 * delivery can tell its successor that the article is coming. The simulator keeps jobs publishing until their
 * fourth {@code freepublish/get}.
 */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tongfa.sandbox.enabled=true",
                "tongfa.sandbox.wechat.apps.wx-demo=demo-secret",
                "tongfa.sandbox.wechat.publish-polls=4",
                "tongfa.sandbox.wechat.publish-time=10m"
        })
class WechatPublishingCrashTest {

    private static final String AGENCY = "demo";

    @LocalServerPort
    int port;

    @Autowired
    SandboxRecorder recorder;

    @BeforeEach
    void setUp() {
        recorder.clear("wechat");
    }

    /** What the worker's state log keeps for the delivery. */
    private static final class Notes implements DeliveryProgress {
        final Map<String, String> recorded = new ConcurrentHashMap<>();

        @Override
        public void record(String name, String value) {
            recorded.put(name, value);
        }
    }

    @Test
    void aSuccessorAsksForTheRecordedJobWhileItIsPublishingAndFindsTheOneArticleOnceItIsDone() throws Exception {
        ItemEvent event = publish("市政府召开常务会议");
        Notes notes = new Notes();
        WechatConnector dying = connector(Duration.ofMillis(1));
        // Submitted, one poll says "publishing", then the delivery stops waiting: the process dies here.
        assertThatThrownBy(() -> dying.deliver(event, notes)).isInstanceOf(UnconfirmedDeliveryException.class);
        dying.close();
        assertThat(notes.recorded).containsKeys(WechatConnector.MEDIA_ID, WechatConnector.PUBLISH_ID);
        assertThat(recorder.posts("wechat")).isEmpty();

        WechatConnector successor = connector(Duration.ofMillis(1));
        try {
            // Without the note the job is invisible: batchget does not list it, a new attempt would post twice.
            assertThat(successor.lookup(event)).isEqualTo(Lookup.notFound());
            // With it the successor asks for the job (second poll): still publishing, so a person or a later
            // look-up decides, never a second post.
            Lookup publishing = successor.lookup(event, Map.copyOf(notes.recorded));
            assertThat(publishing).isInstanceOf(Lookup.Unknown.class);
            assertThat(((Lookup.Unknown) publishing).reason()).contains(notes.recorded.get(WechatConnector.PUBLISH_ID));
            assertThat(recorder.posts("wechat")).isEmpty();
        } finally {
            successor.close();
        }

        WechatConnector patient = connector(Duration.ofSeconds(10));
        try {
            // Polls three and four: the job finishes while the look-up waits for it.
            Lookup done = patient.lookup(event, Map.copyOf(notes.recorded));

            assertThat(done).isInstanceOf(Lookup.Found.class);
            List<SandboxPost> posts = recorder.posts("wechat");
            assertThat(posts).singleElement().satisfies(post -> {
                assertThat(post.postId()).isEqualTo(((Lookup.Found) done).receipt().ref());
                assertThat(post.itemId()).isEqualTo(event.itemId());
            });
            assertThat(((Lookup.Found) done).receipt().url()).isEqualTo(posts.get(0).url());
            assertThat(patient.lookup(event)).isEqualTo(done);
        } finally {
            patient.close();
        }
    }

    @Test
    void aRecordedJobThatFailsReviewIsThePermanentFailureNotANewAttempt() throws Exception {
        ItemEvent event = event("市政府召开常务会议", "<p>sandbox:reject</p>");
        Notes notes = new Notes();
        WechatConnector dying = connector(Duration.ofMillis(1));
        assertThatThrownBy(() -> dying.deliver(event, notes)).isInstanceOf(UnconfirmedDeliveryException.class);
        dying.close();

        WechatConnector successor = connector(Duration.ofSeconds(10));
        try {
            Lookup lookup = successor.lookup(event, Map.copyOf(notes.recorded));

            assertThat(lookup).isInstanceOf(Lookup.Failed.class);
            assertThat(((Lookup.Failed) lookup).code()).isEqualTo("publish_status=4");
            assertThat(((Lookup.Failed) lookup).reason()).contains("审核不通过");
            assertThat(recorder.posts("wechat")).isEmpty();
        } finally {
            successor.close();
        }
    }

    private WechatConnector connector(Duration publishTimeout) {
        WechatConnector connector = new WechatConnector(new WechatSettings(base() + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "demo-secret", "市环境局")),
                Duration.ofMillis(20), publishTimeout, Duration.ofSeconds(5)));
        connector.start();
        return connector;
    }

    private ItemEvent publish(String title) {
        return event(title, "<p>全市空气质量持续改善。</p>");
    }

    private static ItemEvent event(String title, String body) {
        String itemId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String portalUrl = "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "全市空气质量优良天数比例为百分之九十。", body, null, null, null,
                null, "000000-2026-00001", "市生态环境局", portalUrl, "zwgk/202603/t20260301_" + itemId + ".html",
                OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, itemId, 1, AGENCY, List.of("wechat"),
                item, Instant.now());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
