package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.DeliveryProgress;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A delivery whose progress names a draft ({@code media_id}) but no publish job: the answer to
 * {@code freepublish/submit} was lost (the simulator accepts the job, then holds the answer back past the client's
 * timeout), or the process died before it submitted. {@code freepublish/batchget} does not list a job that is still
 * publishing, so the look-up must keep looking for a publish timeout before it may answer "not found"; the worker
 * would otherwise post the article a second time. Jobs here finish by themselves {@value #PUBLISH_TIME_SECONDS} s
 * after submission, or when the simulator pushes their end (account {@code wx-push}).
 */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tongfa.sandbox.enabled=true",
                "tongfa.sandbox.wechat.apps.wx-lost=lost-secret",
                "tongfa.sandbox.wechat.apps.wx-push=push-secret",
                "tongfa.sandbox.wechat.publish-time=" + WechatLostSubmitAnswerTest.PUBLISH_TIME_SECONDS + "s",
                "tongfa.sandbox.wechat.callbacks.wx-push.url=/test-callbacks/wechat/push",
                "tongfa.sandbox.wechat.callbacks.wx-push.token=" + WechatLostSubmitAnswerTest.TOKEN,
                "tongfa.sandbox.wechat.callbacks.wx-push.delay=4s"
        })
class WechatLostSubmitAnswerTest {

    static final int PUBLISH_TIME_SECONDS = 6;
    static final String TOKEN = "sandboxPushToken02";
    private static final String LOST = "lost";
    private static final String PUSH = "push";
    /** Read timeout of every API call: the held-back answer to submit arrives after it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final long HELD_BACK_MS = 60_000;

    @LocalServerPort
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    @Autowired
    WechatSandboxApplication.ApiCalls calls;

    private final JsonMapper json = JsonMapper.builder().build();
    private ExecutorService executor;
    /** The simulator's jobs from earlier tests. */
    private Set<String> earlierJobs;

    @BeforeEach
    void setUp() throws Exception {
        recorder.clear("wechat");
        faults.clear("wechat");
        calls.clear();
        executor = Executors.newCachedThreadPool();
        earlierJobs = new HashSet<>();
        json.readTree(get("/sandbox/wechat/jobs")).forEach(job -> earlierJobs.add(job.get("publishId").asString()));
    }

    @AfterEach
    void tearDown() {
        WechatSandboxApplication.TestCallbacks.RECEIVERS.clear();
        faults.clear("wechat");
        executor.shutdownNow();
    }

    /** What the worker's state log keeps for the delivery. */
    private static final class Notes implements DeliveryProgress {
        final Map<String, String> recorded = new ConcurrentHashMap<>();

        @Override
        public void record(String name, String value) {
            recorded.put(name, value);
        }
    }

    /** Stops the delivery right after the draft's note is durable: the process dies before it submits. */
    private static final class DiesAfterTheDraftNote implements DeliveryProgress {
        final Map<String, String> recorded = new ConcurrentHashMap<>();

        @Override
        public void record(String name, String value) {
            recorded.put(name, value);
            if (WechatConnector.MEDIA_ID.equals(name)) {
                throw new ProcessKilled();
            }
        }
    }

    /** Not an exception any code handles: nothing after the kill runs, as after a SIGKILL. */
    private static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("killed", null, false, false);
        }
    }

    /** A delivery's end as the connector worker records it, with the look-up that settled the doubt. */
    private record Settled(DeliveryOutcome outcome, DeliveryReceipt receipt, Lookup lookup, Duration lookedUpFor) {
    }

    @Test
    void aJobAcceptedWithoutAnAnswerIsWaitedForAndItsOneArticleSettlesTheDelivery() throws Exception {
        WechatConnector connector = connector(LOST, Duration.ofMillis(100), Duration.ofSeconds(15));
        try {
            ItemEvent event = publish(LOST, "市政府召开常务会议");
            Notes notes = new Notes();
            faults.set("wechat", SandboxFaults.Faults.hangAfterAccept("freepublish/submit", HELD_BACK_MS));

            assertThatThrownBy(() -> connector.deliver(event, notes)).isInstanceOf(UnconfirmedDeliveryException.class)
                    .hasMessageContaining("提交发布");
            // WeChat answers again; the answer to that submission stays lost.
            faults.clear("wechat");
            assertThat(notes.recorded).containsKey(WechatConnector.MEDIA_ID)
                    .doesNotContainKey(WechatConnector.PUBLISH_ID);
            // The job was accepted and is still publishing, so batchget does not list it yet.
            JsonNode accepted = single(jobs());
            assertThat(accepted.get("status").asInt()).isEqualTo(1);

            Settled settled = settleInDoubt(connector, event, Map.copyOf(notes.recorded));

            assertThat(settled.lookup()).isInstanceOf(Lookup.Found.class);
            assertThat(settled.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            SandboxPost post = single(articlesOnceEveryJobEnded());
            assertThat(settled.receipt()).isEqualTo(new DeliveryReceipt(post.postId(), post.url()));
            assertThat(post.itemId()).isEqualTo(event.itemId());
            assertThat(post.detail().get("publishId")).hasToString(accepted.get("publishId").asString());
            assertThat(calls.count("draft/add")).as("drafts made").isEqualTo(1);
            assertThat(calls.count("freepublish/submit")).as("submissions").isEqualTo(1);
            assertThat(jobs()).hasSize(1);
        } finally {
            connector.close();
        }
    }

    @Test
    void aDraftNeverSubmittedIsNotFoundOnlyAfterThePublishTimeoutAndTheRedeliveryPostsOnce() throws Exception {
        Duration publishTimeout = Duration.ofSeconds(2);
        ItemEvent event = publish(LOST, "市政府召开全体会议");
        DiesAfterTheDraftNote notes = new DiesAfterTheDraftNote();
        WechatConnector dying = connector(LOST, Duration.ofMillis(100), publishTimeout);
        assertThatThrownBy(() -> dying.deliver(event, notes)).isInstanceOf(ProcessKilled.class);
        dying.close();
        assertThat(notes.recorded).containsOnlyKeys(WechatConnector.MEDIA_ID);
        assertThat(calls.count("freepublish/submit")).isZero();

        WechatConnector successor = connector(LOST, Duration.ofMillis(100), publishTimeout);
        try {
            Settled settled = settleInDoubt(successor, event, Map.copyOf(notes.recorded));

            assertThat(settled.lookup()).isEqualTo(Lookup.notFound());
            // A submission that went unanswered would have been waited for this long.
            assertThat(settled.lookedUpFor()).isGreaterThanOrEqualTo(publishTimeout);
            assertThat(calls.count("freepublish/batchget")).as("searches").isGreaterThan(1);
            assertThat(settled.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            SandboxPost post = single(articlesOnceEveryJobEnded());
            assertThat(settled.receipt()).isEqualTo(new DeliveryReceipt(post.postId(), post.url()));
            assertThat(calls.count("freepublish/submit")).as("submissions").isEqualTo(1);
        } finally {
            successor.close();
        }
    }

    @Test
    void aDraftWhoseNoteCannotBeMadeDurableIsNotSubmitted() throws Exception {
        WechatConnector connector = connector(LOST, Duration.ofMillis(100), Duration.ofSeconds(2));
        try {
            ItemEvent event = publish(LOST, "市政府召开专题会议");
            DeliveryProgress unwritable = (name, value) -> {
                throw new IllegalStateException("state log unavailable");
            };

            // Submitted without the note, a lost answer would leave no trace for the look-up to wait for.
            assertThatThrownBy(() -> connector.deliver(event, unwritable))
                    .isInstanceOf(RetriableDeliveryException.class).hasMessageContaining("未提交发布");
            assertThat(calls.count("draft/add")).isEqualTo(1);
            assertThat(calls.count("freepublish/submit")).isZero();
            assertThat(jobs()).isEmpty();
        } finally {
            connector.close();
        }
    }

    @Test
    void thePushedEndOfAnyJobOfTheAccountMakesTheLookupSearchAtOnce() throws Exception {
        // Polling alone would search again only after ten minutes.
        WechatConnector connector = connector(PUSH, Duration.ofMinutes(10), Duration.ofMinutes(20));
        WechatSandboxApplication.TestCallbacks.RECEIVERS.put(PUSH,
                Map.entry(new WechatCallbacks(settings(PUSH, Duration.ofMinutes(10), Duration.ofMinutes(20))),
                        connector));
        try {
            ItemEvent event = publish(PUSH, "市政府召开新闻发布会");
            Notes notes = new Notes();
            faults.set("wechat", SandboxFaults.Faults.hangAfterAccept("freepublish/submit", HELD_BACK_MS)
                    .forAccount("wx-push"));
            assertThatThrownBy(() -> connector.deliver(event, notes)).isInstanceOf(UnconfirmedDeliveryException.class);
            faults.clear("wechat");
            assertThat(single(jobs()).get("status").asInt()).isEqualTo(1);

            Future<Settled> settling = executor.submit(() -> settleInDoubt(connector, event,
                    Map.copyOf(notes.recorded)));

            Settled settled = settling.get(60, TimeUnit.SECONDS);
            assertThat(settled.lookup()).isInstanceOf(Lookup.Found.class);
            SandboxPost post = single(articlesOnceEveryJobEnded());
            assertThat(settled.receipt().ref()).isEqualTo(post.postId());
            assertThat(calls.count("freepublish/submit")).isEqualTo(1);
            // The sender notes the push once our endpoint answered it, which may come after the wake-up.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/sandbox/wechat/callbacks"))
                    .contains("\"publishId\":\"" + post.detail().get("publishId") + "\"", "\"httpStatus\":200"));
        } finally {
            connector.close();
        }
    }

    /**
     * What the connector worker (ConnectorWorker.attempt) makes of a call that ended in doubt: it looks the
     * delivery up with the notes the call recorded. Found is DELIVERED, failed is FAILED, unknown stays
     * UNCONFIRMED for a person; only "not found" lets it call the channel again, with new notes.
     */
    private Settled settleInDoubt(WechatConnector connector, ItemEvent event, Map<String, String> notes)
            throws DeliveryException {
        long started = System.nanoTime();
        Lookup lookup = connector.lookup(event, notes);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (lookup instanceof Lookup.Found found) {
            return new Settled(DeliveryOutcome.DELIVERED, found.receipt(), lookup, took);
        }
        if (lookup instanceof Lookup.Failed) {
            return new Settled(DeliveryOutcome.FAILED, null, lookup, took);
        }
        if (lookup instanceof Lookup.Unknown) {
            return new Settled(DeliveryOutcome.UNCONFIRMED, null, lookup, took);
        }
        return new Settled(DeliveryOutcome.DELIVERED, connector.deliver(event, new Notes()), lookup, took);
    }

    private WechatConnector connector(String agency, Duration pollInterval, Duration publishTimeout) {
        WechatConnector connector = new WechatConnector(settings(agency, pollInterval, publishTimeout));
        connector.start();
        return connector;
    }

    private WechatSettings settings(String agency, Duration pollInterval, Duration publishTimeout) {
        WechatAccount account = LOST.equals(agency)
                ? WechatAccount.polling("wx-lost", "lost-secret", null)
                : new WechatAccount("wx-push", "push-secret", null, TOKEN, null, null);
        return new WechatSettings("http://localhost:" + port + "/sandbox/wechat", Map.of(agency, account),
                pollInterval, publishTimeout, REQUEST_TIMEOUT);
    }

    /**
     * The articles the simulator holds once every job of this test has ended: the simulator finishes a job when
     * someone looks, so a job nobody asks about would otherwise hide its article.
     */
    private List<SandboxPost> articlesOnceEveryJobEnded() {
        await().atMost(Duration.ofSeconds(PUBLISH_TIME_SECONDS * 3L)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs().stream().noneMatch(job -> job.get("status").asInt() == 1));
        return recorder.posts("wechat");
    }

    /** The publish jobs the simulator accepted during this test, answered or not. */
    private List<JsonNode> jobs() throws Exception {
        List<JsonNode> jobs = new ArrayList<>();
        json.readTree(get("/sandbox/wechat/jobs")).forEach(job -> {
            if (!earlierJobs.contains(job.get("publishId").asString())) {
                jobs.add(job);
            }
        });
        return jobs;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static <T> T single(List<T> elements) {
        assertThat(elements).hasSize(1);
        return elements.get(0);
    }

    private static ItemEvent publish(String agency, String title) {
        String itemId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String portalUrl = "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "会议研究了近期重点工作。", "<p>会议研究了近期重点工作。</p>", null, null,
                null, null, "000000-2026-00001", "市政府办公室", portalUrl, "zwgk/202603/t20260301_" + itemId + ".html",
                OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), null, List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, itemId, 1, agency, List.of("wechat"),
                item, Instant.now());
    }
}
