package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import cn.tongfa.connector.api.AccountCheck;
import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;

/** The start-up check of every agency's credentials: in the background, bounded, one agency never holding up another. */
class AccountChecksTest {

    /** A channel whose answer to the credential check is chosen per agency. */
    private static final class CheckedChannel implements ChannelConnector {

        final CountDownLatch release = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicBoolean busyOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
        final Map<String, String> refused = new ConcurrentHashMap<>();

        @Override
        public String channel() {
            return "weibo";
        }

        @Override
        public String accountProblem(String agency) {
            return agency.equals("unconfigured") ? "未配置：tongfa.connectors.weibo.accounts.unconfigured.access-token"
                    : refused.get(agency);
        }

        @Override
        public AccountCheck checkAccount(String agency) {
            switch (agency) {
                case "refused" -> {
                    refused.put(agency, "授权无效：请更新 tongfa.connectors.weibo.accounts.refused.access-token");
                    return AccountCheck.rejected(refused.get(agency));
                }
                case "unreachable" -> {
                    return AccountCheck.unverified("无法连接微博");
                }
                case "slow" -> {
                    try {
                        release.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return AccountCheck.ok();
                }
                case "crashing" -> throw new IllegalStateException("bug in the check");
                case "busy-then-good" -> {
                    return busyOnce.getAndSet(false) ? AccountCheck.unverified("微博繁忙") : AccountCheck.ok();
                }
                default -> {
                    return ChannelConnector.super.checkAccount(agency);
                }
            }
        }

        @Override
        public DeliveryReceipt deliver(ItemEvent event) {
            throw new UnsupportedOperationException("not delivering in this test");
        }
    }

    private final CheckedChannel channel = new CheckedChannel();
    // The check uses neither Kafka nor the state store.
    private final ConnectorWorker worker = new ConnectorWorker(channel, WorkerSettings.DEFAULTS, null, null, null,
            new EventCodec(), new WorkerMetrics(new SimpleMeterRegistry()), Clock.systemUTC());

    @AfterEach
    void release() {
        channel.release.countDown();
    }

    @Test
    void eachAgencyGetsItsOwnVerdictAndASlowChannelIsGivenUpOn() {
        List<String> agencies = List.of("good", "refused", "unconfigured", "unreachable", "slow", "crashing");
        assertThat(worker.accountStatus("good").state()).isEqualTo(AccountStatus.State.CHECKING);

        worker.checkAccounts(agencies, Duration.ofMillis(300)).join();

        assertThat(worker.accountStatus("good")).isEqualTo(new AccountStatus(AccountStatus.State.OK, null));
        assertThat(worker.accountStatus("refused").state()).isEqualTo(AccountStatus.State.PROBLEM);
        assertThat(worker.accountStatus("refused").message())
                .contains("tongfa.connectors.weibo.accounts.refused.access-token");
        assertThat(worker.accountProblem("refused")).contains("accounts.refused.access-token");
        assertThat(worker.accountStatus("unconfigured").message())
                .contains("tongfa.connectors.weibo.accounts.unconfigured.access-token");
        assertThat(worker.accountStatus("unreachable"))
                .isEqualTo(new AccountStatus(AccountStatus.State.UNVERIFIED, "无法连接微博"));
        assertThat(worker.accountStatus("slow").state()).isEqualTo(AccountStatus.State.UNVERIFIED);
        assertThat(worker.accountStatus("slow").message()).contains("未答复");
        assertThat(worker.accountStatus("crashing").state()).isEqualTo(AccountStatus.State.UNVERIFIED);
        assertThat(worker.accountStatus("crashing").message()).contains("bug in the check");

        // The answer that came too late for start-up still counts once it comes.
        channel.release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> worker.accountStatus("slow").state() == AccountStatus.State.OK);
    }

    @Test
    void aChannelThatCouldNotAnswerIsAskedAgain() {
        worker.checkAccounts(List.of("busy-then-good"), Duration.ofSeconds(5)).join();
        assertThat(worker.accountStatus("busy-then-good"))
                .isEqualTo(new AccountStatus(AccountStatus.State.UNVERIFIED, "微博繁忙"));

        await().atMost(ConnectorWorker.RECHECK_AFTER.multipliedBy(3))
                .until(() -> worker.accountStatus("busy-then-good").state() == AccountStatus.State.OK);
    }

    @Test
    void aRefusalTheConnectorNoLongerReportsIsOverByTheNextLook() {
        worker.checkAccounts(List.of("refused"), Duration.ofSeconds(5)).join();
        assertThat(worker.accountStatus("refused").state()).isEqualTo(AccountStatus.State.PROBLEM);

        // What a delivery that goes through does in the connectors.
        channel.refused.remove("refused");

        assertThat(worker.accountStatus("refused").state()).isEqualTo(AccountStatus.State.OK);
    }
}
