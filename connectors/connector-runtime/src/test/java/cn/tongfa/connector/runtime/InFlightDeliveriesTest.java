package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InFlightDeliveriesTest {

    private final InFlightDeliveries inFlight = new InFlightDeliveries();

    @Test
    void aSecondHandlerOfTheSameDeliveryWaitsUntilTheFirstIsDone() throws Exception {
        InFlightDeliveries.Claim first = inFlight.claim("wechat/a/1/PUBLISH");
        assertThat(first.waited()).isFalse();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try (InFlightDeliveries.Claim claim = inFlight.claim("wechat/a/1/PUBLISH")) {
                return claim.waited();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        // Still waiting, for as long as the first holds the delivery.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        assertThat(second).as("still waiting while the first holds the delivery").isNotDone();

        first.close();
        assertThat(second.get(5, TimeUnit.SECONDS)).as("it had to wait").isTrue();
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void otherDeliveriesDoNotWait() {
        try (InFlightDeliveries.Claim one = inFlight.claim("wechat/a/1/PUBLISH");
                InFlightDeliveries.Claim other = inFlight.claim("wechat/a/2/UPDATE")) {
            assertThat(one.waited()).isFalse();
            assertThat(other.waited()).isFalse();
            assertThat(inFlight.size()).isEqualTo(2);
        }
        assertThat(inFlight.size()).isZero();
    }
}
