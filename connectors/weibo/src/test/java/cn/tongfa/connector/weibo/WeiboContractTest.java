package cn.tongfa.connector.weibo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * The contract with Weibo, error code by error code (CHANNELS.md): the real OkHttp client against the
 * simulator, which answers the code in Weibo's format at the endpoint named. Each row states the delivery
 * outcome the connector-runtime makes of the connector's answer.
 */
@SpringBootTest(classes = WeiboSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tongfa.sandbox.enabled=true")
class WeiboContractTest {

    /** What the runtime's worker does with a connector's answer (ConnectorWorker.attempt). */
    enum Verdict {
        /** deliver returned: reported DELIVERED (WITHDRAWN for a withdrawal). */
        DELIVERED,
        /** Retriable without a wait: retried with back-off. */
        RETRIED,
        /** Retriable with Weibo's window: the account waits until it passes, the delivery parked as PENDING. */
        PAUSED,
        /** Permanent: reported FAILED with the message, copied to the dead-letter topic, no retries. */
        FAILED,
        /** Unconfirmed: looked up on the channel before anything else. */
        LOOKED_UP;

        static Verdict of(DeliveryException e) {
            if (e instanceof PermanentDeliveryException) {
                return FAILED;
            }
            if (e instanceof UnconfirmedDeliveryException) {
                return LOOKED_UP;
            }
            return ((RetriableDeliveryException) e).retryAfter() == null ? RETRIED : PAUSED;
        }
    }

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
        token = "token-" + UUID.randomUUID();
        connector = new WeiboConnector(new WeiboSettings("http://127.0.0.1:" + port + "/sandbox/weibo",
                Map.of("demo", new WeiboAccount(token, null)), Duration.ofSeconds(2), Duration.ofSeconds(5), 2));
        connector.start();
    }

    @AfterEach
    void tearDown() {
        faults.clear("weibo");
        connector.close();
    }

    @ParameterizedTest(name = "{0} at {1} → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // code | endpoint           | scenario          | outcome   | posts | account flagged
        "0      | -                  | PUBLISH           | DELIVERED | 1     | false",
        "10022  | share.json         | PUBLISH           | PAUSED    | 0     | false",
        "10023  | share.json         | PUBLISH           | PAUSED    | 0     | false",
        "10024  | share.json         | PUBLISH           | PAUSED    | 0     | false",
        "20012  | share.json         | PUBLISH           | FAILED    | 0     | false",
        "20019  | share.json         | PUBLISH           | FAILED    | 0     | false",
        "20019  | share.json         | REPUBLISH         | DELIVERED | 1     | false",
        "21327  | share.json         | PUBLISH           | FAILED    | 0     | true",
        "21332  | share.json         | PUBLISH           | FAILED    | 0     | true",
        "10017  | share.json         | PUBLISH           | FAILED    | 0     | false",
        "20005  | share.json         | PUBLISH           | FAILED    | 0     | false",
        "20006  | share.json         | PUBLISH           | FAILED    | 0     | false",
        "10023  | destroy.json       | WITHDRAW          | PAUSED    | 1     | false",
        "21327  | user_timeline.json | WITHDRAW          | FAILED    | 1     | true",
    })
    void errorCodeLeadsToTheDeliveryOutcome(int code, String endpoint, String scenario, Verdict expected, int posts,
            boolean accountFlagged) throws Exception {
        String itemId = "i" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        ItemEvent publish = event(ItemAction.PUBLISH, itemId);
        ItemEvent event = publish;
        if (scenario.equals("REPUBLISH")) {
            // An earlier attempt went through unseen: Weibo refuses the same text as repeated.
            connector.deliver(publish);
            event = event(ItemAction.PUBLISH, itemId);
        } else if (scenario.equals("WITHDRAW")) {
            connector.deliver(publish);
            event = event(ItemAction.WITHDRAW, itemId);
        }
        if (code != 0) {
            faults.set("weibo", SandboxFaults.Faults.error(code, endpoint).forAccount(token));
        }

        Verdict verdict;
        DeliveryException failure = null;
        try {
            connector.deliver(event);
            verdict = Verdict.DELIVERED;
        } catch (DeliveryException e) {
            failure = e;
            verdict = Verdict.of(e);
        }

        assertThat(verdict).as(String.valueOf(failure)).isEqualTo(expected);
        if (failure != null) {
            assertThat(failure.code()).isEqualTo(Integer.toString(code));
            assertThat(failure.getMessage()).contains(Integer.toString(code));
        }
        if (expected == Verdict.PAUSED) {
            assertThat(((RetriableDeliveryException) failure).retryAfter()).isPositive()
                    .isLessThanOrEqualTo(Duration.ofHours(1));
        }
        List<SandboxPost> live = recorder.posts("weibo").stream().filter(post -> !post.deleted()).toList();
        assertThat(live).as("live posts on the account").hasSize(posts);
        assertThat(connector.accountProblem("demo") != null).as("account flagged").isEqualTo(accountFlagged);
        if (accountFlagged) {
            assertThat(connector.accountProblem("demo")).contains("重新授权", WeiboSettings.accessTokenKey("demo"));
            faults.clear("weibo");
            // Not retried on the channel: the account waits for an operator instead of burning attempts.
            int before = recorder.posts("weibo").size();
            try {
                connector.deliver(event(ItemAction.PUBLISH, itemId + "x"));
            } catch (PermanentDeliveryException again) {
                assertThat(again.getMessage()).contains("重新授权");
            }
            assertThat(recorder.posts("weibo")).hasSize(before);
        }
    }

    private ItemEvent event(ItemAction action, String itemId) {
        String link = "http://localhost:" + port + "/demo/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot("关于印发某某办法的通知", "为规范某某工作，制定本办法。", "<p>正文</p>", null, null,
                null, null, "idx-" + itemId, "某市司法局", link, "demo/202611/t20261121_" + itemId + ".html", null, null,
                List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, 1, "demo", List.of("weibo"), item,
                OffsetDateTime.now().toInstant());
    }
}
