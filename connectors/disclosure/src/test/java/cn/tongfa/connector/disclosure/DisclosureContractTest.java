package cn.tongfa.connector.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

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

/**
 * The contract with the disclosure column, error code by error code ({@code docs/disclosure-api.md}, which
 * CHANNELS.md points to): the real OkHttp client against the simulator. A code is produced the way the platform
 * would produce it where the connector can provoke it (a wrong secret, a skewed clock, an invalid field, an
 * older or changed version, an unknown 索引号); the others are injected by the simulator's {@code errorCode}
 * knob at the operation named. Each row states the delivery outcome the connector-runtime makes of the answer.
 */
@SpringBootTest(classes = DisclosureSandboxApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tongfa.sandbox.enabled=true")
class DisclosureContractTest {

    private static final String CHANNEL = "disclosure";
    private static final String APP_KEY = "contract-app";

    /** What the runtime's worker does with a connector's answer (ConnectorWorker.attempt). */
    enum Verdict {
        /** deliver returned: reported DELIVERED (WITHDRAWN for a withdrawal). */
        DELIVERED,
        /** Retriable: retried with back-off. */
        RETRIED,
        /** Permanent: reported FAILED with the message, no retries. */
        FAILED,
        /** Unconfirmed: looked up on the channel before anything else; the look-up found the entry. */
        LOOKED_UP_FOUND;

        static Verdict of(DeliveryException e) {
            if (e instanceof PermanentDeliveryException) {
                return FAILED;
            }
            if (e instanceof UnconfirmedDeliveryException) {
                return LOOKED_UP_FOUND;
            }
            return RETRIED;
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxRecorder recorder;

    @Autowired
    SandboxFaults faults;

    private DisclosureConnector connector;

    @BeforeEach
    void setUp() {
        recorder.clear(CHANNEL);
        faults.clear(CHANNEL);
    }

    @AfterEach
    void tearDown() {
        faults.clear(CHANNEL);
        if (connector != null) {
            connector.close();
        }
    }

    @ParameterizedTest(name = "{0} {1} at {2} → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // code | scenario             | operation | outcome         | entry live | account flagged
        "0      | PUBLISH              | -         | DELIVERED       | 1 | false",
        "0      | UPDATE               | -         | DELIVERED       | 1 | false",
        "0      | WITHDRAW             | -         | DELIVERED       | 0 | false",
        "0      | REPUBLISH_SAME       | -         | DELIVERED       | 1 | false",
        "40001  | INVALID_FIELD        | -         | FAILED          | 0 | false",
        "40002  | PUBLISH              | push      | FAILED          | 0 | false",
        "40101  | PUBLISH              | push      | FAILED          | 0 | true",
        "40102  | PUBLISH              | push      | FAILED          | 0 | true",
        "40102  | WRONG_SECRET         | -         | FAILED          | 0 | true",
        "40103  | PUBLISH              | push      | FAILED          | 0 | true",
        "40103  | SKEWED_CLOCK         | -         | FAILED          | 0 | true",
        "40401  | WITHDRAW_UNKNOWN     | -         | DELIVERED       | 0 | false",
        "40901  | OLDER_VERSION        | -         | FAILED          | 1 | false",
        "40902  | SAME_VERSION_CHANGED | -         | FAILED          | 1 | false",
        "42901  | PUBLISH              | push      | RETRIED         | 0 | false",
        "42901  | WITHDRAW             | revoke    | RETRIED         | 1 | false",
        "50000  | PUBLISH              | push      | RETRIED         | 0 | false",
        "50000  | WITHDRAW             | revoke    | RETRIED         | 1 | false",
        "-1     | TIMEOUT_AFTER_ACCEPT | push      | LOOKED_UP_FOUND | 1 | false",
        "-1     | CONNECTION_REFUSED   | -         | RETRIED         | 0 | false",
    })
    void errorCodeLeadsToTheDeliveryOutcome(int code, String scenario, String operation, Verdict expected,
            int liveEntries, boolean accountFlagged) throws Exception {
        String itemId = "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String indexNo = "11340000MB1234567X/2026-" + itemId;
        String secret = scenario.equals("WRONG_SECRET") ? "not-the-secret" : "sandbox-secret";
        Clock clock = scenario.equals("SKEWED_CLOCK") ? Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))
                : Clock.systemUTC();
        String endpoint = "http://127.0.0.1:" + port + "/sandbox/disclosure";
        if (scenario.equals("CONNECTION_REFUSED")) {
            try (ServerSocket socket = new ServerSocket(0)) {
                endpoint = "http://127.0.0.1:" + socket.getLocalPort();
            }
        }
        connector = new DisclosureConnector(new DisclosureSettings(endpoint,
                Map.of("demo", new DisclosureAccount(APP_KEY, secret)), Duration.ofSeconds(2),
                scenario.equals("TIMEOUT_AFTER_ACCEPT") ? Duration.ofMillis(500) : Duration.ofSeconds(5)), clock);
        connector.start();
        // What the host does at start-up, in the background, for each agency.
        connector.checkAccount("demo");

        ItemEvent event = switch (scenario) {
            case "UPDATE" -> {
                connector.deliver(event(ItemAction.PUBLISH, itemId, 1, indexNo, "第一版"));
                yield event(ItemAction.UPDATE, itemId, 2, indexNo, "第二版");
            }
            case "WITHDRAW" -> {
                connector.deliver(event(ItemAction.PUBLISH, itemId, 1, indexNo, "撤回"));
                yield event(ItemAction.WITHDRAW, itemId, 1, indexNo, "撤回");
            }
            case "REPUBLISH_SAME" -> {
                connector.deliver(event(ItemAction.PUBLISH, itemId, 1, indexNo, "重发"));
                yield event(ItemAction.PUBLISH, itemId, 1, indexNo, "重发");
            }
            case "OLDER_VERSION" -> {
                connector.deliver(event(ItemAction.PUBLISH, itemId, 2, indexNo, "第二版"));
                yield event(ItemAction.UPDATE, itemId, 1, indexNo, "第一版");
            }
            case "SAME_VERSION_CHANGED" -> {
                connector.deliver(event(ItemAction.PUBLISH, itemId, 1, indexNo, "原标题"));
                yield event(ItemAction.PUBLISH, itemId, 1, indexNo, "改过的标题");
            }
            case "INVALID_FIELD" -> event(ItemAction.PUBLISH, itemId, 1, indexNo, "   ");
            case "WITHDRAW_UNKNOWN" -> event(ItemAction.WITHDRAW, itemId, 1, indexNo, "从未报送");
            default -> event(ItemAction.PUBLISH, itemId, 1, indexNo, "关于印发某某办法的通知");
        };
        if (scenario.equals("TIMEOUT_AFTER_ACCEPT")) {
            faults.set(CHANNEL, SandboxFaults.Faults.hangAfterAccept(operation, 2_000).forAccount(APP_KEY));
        } else if (operation != null) {
            faults.set(CHANNEL, SandboxFaults.Faults.error(code, operation).forAccount(APP_KEY));
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
        if (verdict == Verdict.LOOKED_UP_FOUND) {
            faults.clear(CHANNEL);
            assertThat(connector.lookup(event)).as("the look-up settles the doubt").isInstanceOf(Lookup.Found.class);
        } else if (failure != null && code > 0) {
            boolean startUpCheck = scenario.equals("WRONG_SECRET") || scenario.equals("SKEWED_CLOCK");
            // Found at start-up, the rejected credential fails the item without a call to the platform.
            assertThat(failure.code()).isEqualTo(startUpCheck ? "config" : Integer.toString(code));
        }
        List<SandboxPost> live = recorder.posts(CHANNEL).stream()
                .filter(post -> post.postId().equals(indexNo) && !post.deleted()).toList();
        // Every accepted version is recorded; the entry is live while none of them is revoked.
        assertThat(live.isEmpty() ? 0 : 1).as("entry live on the column").isEqualTo(liveEntries);
        if (scenario.equals("UPDATE")) {
            assertThat(live).last().extracting(SandboxPost::title).isEqualTo("第二版");
        }
        assertThat(connector.accountProblem("demo") != null).as("account flagged").isEqualTo(accountFlagged);
        if (accountFlagged) {
            assertThat(connector.accountProblem("demo")).contains("tongfa.connectors.disclosure.accounts.demo");
            faults.clear(CHANNEL);
            // Not retried on the channel: the agency waits for an operator instead of failing item by item there.
            int before = recorder.posts(CHANNEL).size();
            DeliveryException again = null;
            try {
                connector.deliver(event(ItemAction.PUBLISH, itemId + "x", 1, indexNo + "x", "另一条"));
            } catch (DeliveryException e) {
                again = e;
            }
            assertThat(again).isInstanceOf(PermanentDeliveryException.class);
            assertThat(recorder.posts(CHANNEL)).hasSize(before);
        }
    }

    /**
     * Each attachment rule of the contract ("Attachments"), broken once: the platform answers the rule's code, the
     * connector fails the delivery permanently with it, and nothing is published.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // code  | broken                   | name       | type                         | size        | sha256    | url
        "40010   | no name                  | -          | application/pdf              | 1024        | ok        | https://hub.example.gov.cn/media/m1",
        "40010   | no type                  | 附件.pdf   | -                            | 1024        | ok        | https://hub.example.gov.cn/media/m1",
        "40010   | no sha256                | 附件.pdf   | application/pdf              | 1024        | -         | https://hub.example.gov.cn/media/m1",
        "40010   | no url                   | 附件.pdf   | application/pdf              | 1024        | ok        | -",
        "40011   | a type not taken         | 附件.html  | text/html                    | 1024        | ok        | https://hub.example.gov.cn/media/m1",
        "40011   | an executable            | 附件.doc   | application/x-msdownload     | 1024        | ok        | https://hub.example.gov.cn/media/m1",
        "40012   | size 0                   | 附件.pdf   | application/pdf              | 0           | ok        | https://hub.example.gov.cn/media/m1",
        "40012   | size over 100 MB         | 附件.pdf   | application/pdf              | 104857601   | ok        | https://hub.example.gov.cn/media/m1",
        "40013   | sha256 too short         | 附件.pdf   | application/pdf              | 1024        | abc123    | https://hub.example.gov.cn/media/m1",
        "0       | sha256 upper-case, sent lower-case | 附件.pdf   | application/pdf              | 1024        | UPPER     | https://hub.example.gov.cn/media/m1",
        "40014   | a relative url           | 附件.pdf   | application/pdf              | 1024        | ok        | /media/m1",
        "40014   | an ftp url               | 附件.pdf   | application/pdf              | 1024        | ok        | ftp://hub.example.gov.cn/media/m1",
        "40015   | 21 attachments           | 附件.pdf   | application/pdf              | 1024        | ok        | https://hub.example.gov.cn/media/m1",
        "0       | a correct attachment     | 附件.pdf   | application/pdf              | 104857600   | ok        | https://hub.example.gov.cn/media/m1",
    })
    void eachBrokenAttachmentRuleIsRefusedWithItsCodeAndFailsPermanently(int code, String broken, String name,
            String type, long size, String sha256, String url) throws Exception {
        connector = connector();
        String itemId = "att" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String indexNo = "11340000MB1234567X/2026-" + itemId;
        String digest = switch (String.valueOf(sha256)) {
            case "ok" -> "0123456789abcdef".repeat(4);
            case "UPPER" -> "0123456789ABCDEF".repeat(4);
            case "null" -> null;
            default -> sha256;
        };
        ItemSnapshot.Media attachment = new ItemSnapshot.Media("m1", name, url, url, type, size, digest, null, null);
        List<ItemSnapshot.Media> attachments = code == 40015 ? Collections.nCopies(21, attachment)
                : List.of(attachment);
        ItemEvent event = event(ItemAction.PUBLISH, itemId, 1, indexNo, "带附件的通知", attachments);

        if (code == 0) {
            assertThat(connector.deliver(event).ref()).isEqualTo(indexNo);
            return;
        }
        DeliveryException failure = null;
        try {
            connector.deliver(event);
        } catch (DeliveryException e) {
            failure = e;
        }

        assertThat(failure).as(broken).isInstanceOf(PermanentDeliveryException.class);
        assertThat(failure.code()).isEqualTo(Integer.toString(code));
        assertThat(failure.getMessage()).contains("拒绝了该条目的附件");
        assertThat(recorder.posts(CHANNEL)).as("nothing published").isEmpty();
    }

    @Test
    void aReadThatFailsLeavesTheLookupUnknown() throws Exception {
        connector = connector();
        ItemEvent event = event(ItemAction.PUBLISH, "rd1", 1, "11340000MB1234567X/2026-rd1", "查询失败");
        connector.deliver(event);

        faults.set(CHANNEL, SandboxFaults.Faults.error(50000, "read").forAccount(APP_KEY));
        assertThat(connector.lookup(event)).isInstanceOf(Lookup.Unknown.class);
        faults.set(CHANNEL, SandboxFaults.Faults.error(42901, "read").forAccount(APP_KEY));
        assertThat(connector.lookup(event)).isInstanceOf(Lookup.Unknown.class);

        faults.clear(CHANNEL);
        assertThat(connector.lookup(event)).isInstanceOf(Lookup.Found.class);
        assertThat(connector.lookup(event(ItemAction.PUBLISH, "rd2", 1, "11340000MB1234567X/2026-rd2", "未报送")))
                .as("40401 on read: not there").isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void theEntryCarriesTheCatalogueFields() throws Exception {
        connector = connector();
        ItemEvent event = event(ItemAction.PUBLISH, "cat1", 1, "11340000MB1234567X/2026-00042", "关于印发某某办法的通知");

        DeliveryReceipt receipt = connector.deliver(event);

        assertThat(receipt.ref()).isEqualTo("11340000MB1234567X/2026-00042");
        SandboxPost post = recorder.posts(CHANNEL).get(0);
        assertThat(post.postId()).as("索引号").isEqualTo("11340000MB1234567X/2026-00042");
        assertThat(post.title()).as("名称").isEqualTo("关于印发某某办法的通知");
        assertThat(post.detail())
                .containsEntry("category", "政策法规")
                .containsEntry("publisher", "示范市信访局")
                .containsEntry("docNumber", "示信发〔2026〕1号")
                .containsEntry("writtenOn", "2026-11-20")
                .containsEntry("publishedAt", "2026-11-21T09:30:00+08:00")
                .containsEntry("validity", "有效");
    }

    private DisclosureConnector connector() {
        DisclosureConnector created = new DisclosureConnector(new DisclosureSettings(
                "http://127.0.0.1:" + port + "/sandbox/disclosure",
                Map.of("demo", new DisclosureAccount(APP_KEY, "sandbox-secret")), Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
        created.start();
        return created;
    }

    private static ItemEvent event(ItemAction action, String itemId, int version, String indexNo, String title) {
        return event(action, itemId, version, indexNo, title, List.of());
    }

    private static ItemEvent event(ItemAction action, String itemId, int version, String indexNo, String title,
            List<ItemSnapshot.Media> attachments) {
        String path = "demo/202611/t20261121_" + itemId + ".html";
        ItemSnapshot item = new ItemSnapshot(title, "为规范某某工作，制定本办法。", "<p>正文</p>", "政策法规", "规章",
                "示信发〔2026〕1号", LocalDate.of(2026, 11, 20), indexNo, "示范市信访局",
                "https://www.example.gov.cn/" + path, path,
                OffsetDateTime.of(2026, 11, 21, 9, 30, 0, 0, ZoneOffset.ofHours(8)), null, attachments, Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, "demo", List.of(CHANNEL), item,
                OffsetDateTime.now().toInstant());
    }
}
