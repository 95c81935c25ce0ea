package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

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
 * The contract with WeChat, error code by error code (CHANNELS.md): the real WxJava client against the
 * simulator, which answers the code in WeChat's wire format at the endpoint named. Each row states the
 * delivery outcome the connector-runtime makes of the connector's answer (see {@link Verdict}).
 */
@SpringBootTest(classes = WechatSandboxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tongfa.sandbox.enabled=true", "tongfa.sandbox.wechat.apps.wx-demo=demo-secret"})
class WechatContractTest {

    private static final String AGENCY = "demo";

    /** What the runtime's worker does with a connector's answer (ConnectorWorker.attempt). */
    enum Verdict {
        /** deliver returned: reported DELIVERED (WITHDRAWN for a withdrawal). */
        DELIVERED,
        /** Retriable without a wait: retried with back-off, FAILED once the attempts are used up. */
        RETRIED,
        /** Retriable with the channel's wait: the account is paused until then, the delivery parked as PENDING. */
        PAUSED,
        /** Permanent: reported FAILED with the message and copied to the dead-letter topic. */
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
        connector = new WechatConnector(new WechatSettings("http://localhost:" + port + "/sandbox/wechat",
                Map.of(AGENCY, WechatAccount.polling("wx-demo", "demo-secret", null)), Duration.ofMillis(10),
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
        connector.start();
    }

    @AfterEach
    void tearDown() {
        faults.clear("wechat");
        connector.close();
    }

    @ParameterizedTest(name = "{0} at {1} ({3} times) → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // code | endpoint              | action   | times | outcome   | posts | account flagged
        "0      | -                     | PUBLISH  | -     | DELIVERED | 1     | false",
        "-1     | draft/add             | PUBLISH  | -     | RETRIED   | 0     | false",
        "40001  | draft/add             | PUBLISH  | 1     | DELIVERED | 1     | false",
        "40014  | freepublish/submit    | PUBLISH  | 1     | DELIVERED | 1     | false",
        "42001  | media/uploadimg       | PUBLISH  | 1     | DELIVERED | 1     | false",
        "40001  | draft/add             | PUBLISH  | -     | RETRIED   | 0     | false",
        "42001  | freepublish/submit    | PUBLISH  | -     | RETRIED   | 0     | false",
        "40164  | stable_token          | PUBLISH  | -     | FAILED    | 0     | true",
        // From the token call, 40001 is WeChat's answer to a wrong AppSecret: no retry can help.
        "40001  | stable_token          | PUBLISH  | -     | FAILED    | 0     | true",
        "45009  | freepublish/submit    | PUBLISH  | -     | PAUSED    | 0     | false",
        "45011  | draft/add             | PUBLISH  | -     | PAUSED    | 0     | false",
        "48001  | freepublish/submit    | PUBLISH  | -     | FAILED    | 0     | true",
        "40007  | draft/add             | PUBLISH  | -     | FAILED    | 0     | false",
        "40007  | draft/add             | PUBLISH  | 1     | DELIVERED | 1     | false",
        "45166  | draft/add             | PUBLISH  | -     | FAILED    | 0     | false",
        "41039  | draft/add             | PUBLISH  | -     | FAILED    | 0     | false",
        "53503  | freepublish/submit    | PUBLISH  | -     | FAILED    | 0     | false",
        "53600  | freepublish/delete    | WITHDRAW | -     | DELIVERED | 1     | false",
        "45009  | freepublish/delete    | WITHDRAW | -     | PAUSED    | 1     | false",
        "48001  | freepublish/batchget  | WITHDRAW | -     | FAILED    | 1     | true",
    })
    void errorCodeLeadsToTheDeliveryOutcome(int code, String endpoint, ItemAction action, Integer times,
            Verdict expected, int posts, boolean accountFlagged) throws Exception {
        ItemEvent publish = event(ItemAction.PUBLISH, newItemId());
        if (action == ItemAction.WITHDRAW) {
            connector.deliver(publish);
        }
        if (code != 0) {
            SandboxFaults.Faults fault = SandboxFaults.Faults.error(code, endpoint);
            faults.set("wechat", times == null ? fault : fault.times(times));
        }
        ItemEvent event = action == ItemAction.WITHDRAW ? event(ItemAction.WITHDRAW, publish.itemId()) : publish;

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
            assertThat(failure.getMessage()).contains("错误码 " + code);
        }
        if (expected == Verdict.PAUSED) {
            Duration wait = ((RetriableDeliveryException) failure).retryAfter();
            assertThat(wait).isPositive().isLessThanOrEqualTo(code == 45011 ? Duration.ofMinutes(1) : Duration.ofDays(1));
        }
        List<SandboxPost> recorded = recorder.posts("wechat");
        assertThat(recorded).as("articles the simulator holds").hasSize(posts);
        if (action == ItemAction.WITHDRAW && code == 45009) {
            assertThat(recorded.get(0).deleted()).isFalse();
        }
        assertThat(connector.accountProblem(AGENCY) != null).as("account flagged").isEqualTo(accountFlagged);
    }

    private static ItemEvent event(ItemAction action, String itemId) {
        String portalUrl = "https://www.demo.gov.cn/zwgk/202603/t20260301_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot("市政府召开常务会议", "会议研究了当前重点工作。", "<p>会议研究了当前重点工作。</p>",
                null, null, null, null, "000000-2026-00001", "市政府办公室", portalUrl,
                "zwgk/202603/t20260301_" + itemId + ".html", OffsetDateTime.parse("2026-03-01T09:00:00+08:00"), null,
                List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, 1, AGENCY, List.of("wechat"), item,
                Instant.now());
    }

    private static String newItemId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
