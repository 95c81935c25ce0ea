package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.connector.wechat.WechatFailures.Step;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;

class WechatFailuresTest {

    /** 22:30 in Beijing. */
    private final WechatFailures failures = new WechatFailures(
            Clock.fixed(Instant.parse("2026-03-01T14:30:00Z"), ZoneOffset.UTC));

    @Test
    void dailyQuotaWaitsUntilBeijingMidnight() {
        DeliveryException failure = failures.classify(Step.SUBMIT, "demo", wx(45009));

        assertThat(failure).isInstanceOf(RetriableDeliveryException.class);
        assertThat(((RetriableDeliveryException) failure).retryAfter()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void perMinuteQuotaWaitsAMinute() {
        DeliveryException failure = failures.classify(Step.DRAFT, "demo", wx(45011));

        assertThat(((RetriableDeliveryException) failure).retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void busyAndTokenErrorsAreRetriable() {
        assertThat(failures.classify(Step.DRAFT, "demo", wx(-1))).isInstanceOf(RetriableDeliveryException.class);
        assertThat(failures.classify(Step.DRAFT, "demo", wx(42001))).isInstanceOf(RetriableDeliveryException.class);
    }

    @Test
    void credentialErrorsNameTheConfigurationKey() {
        assertThat(failures.classify(Step.TOKEN, "demo", wx(40013)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.wechat.accounts.demo.app-id");
        assertThat(failures.classify(Step.TOKEN, "demo", wx(40164)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("白名单");
        // 40001 from the token call itself is a wrong AppSecret; from any other call, a token to refresh.
        assertThat(failures.classify(Step.TOKEN, "demo", wx(40001)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.wechat.accounts.demo.secret");
        assertThat(failures.classify(Step.DRAFT, "demo", wx(40001))).isInstanceOf(RetriableDeliveryException.class);
    }

    @Test
    void unknownCodesArePermanentWithTheCode() {
        DeliveryException failure = failures.classify(Step.DRAFT, "demo", wx(88888));

        assertThat(failure).isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("88888");
        assertThat(failure.code()).isEqualTo("88888");
    }

    @Test
    void refusedConnectionIsRetriableEvenForADraft() {
        DeliveryException failure = failures.classify(Step.DRAFT, "demo",
                new WxErrorException(new ConnectException("Connection refused")));

        assertThat(failure).isInstanceOf(RetriableDeliveryException.class);
    }

    @Test
    void readTimeoutOnAMutatingCallIsUnconfirmed() {
        WxErrorException timeout = new WxErrorException(new SocketTimeoutException("timeout"));

        assertThat(failures.classify(Step.DRAFT, "demo", timeout)).isInstanceOf(UnconfirmedDeliveryException.class);
        assertThat(failures.classify(Step.SUBMIT, "demo", timeout)).isInstanceOf(UnconfirmedDeliveryException.class);
        assertThat(failures.classify(Step.LIST, "demo", timeout)).isInstanceOf(RetriableDeliveryException.class);
    }

    @Test
    void tokenFetchFailureIsRetriable() {
        DeliveryException failure = failures.classify(Step.TOKEN, "demo",
                new WxRuntimeException(new SocketTimeoutException("timeout")));

        assertThat(failure).isInstanceOf(RetriableDeliveryException.class);
    }

    @Test
    void gatewayErrorsDependOnTheStatusAndTheStep() {
        assertThat(failures.classify(Step.SUBMIT, "demo",
                new WxErrorException(new WechatHttp.StatusException(503, "/cgi-bin/freepublish/submit"))))
                .isInstanceOf(RetriableDeliveryException.class);
        assertThat(failures.classify(Step.SUBMIT, "demo",
                new WxErrorException(new WechatHttp.StatusException(504, "/cgi-bin/freepublish/submit"))))
                .isInstanceOf(UnconfirmedDeliveryException.class);
        assertThat(failures.classify(Step.TOKEN, "demo",
                new WxRuntimeException(new WechatHttp.StatusException(404, "/cgi-bin/stable_token"))))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("tongfa.connectors.wechat.api-host");
    }

    private static WxErrorException wx(int code) {
        return new WxErrorException(WxError.builder().errorCode(code).errorMsg("msg " + code).build());
    }
}
