package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final Instant now = Instant.parse("2026-03-01T01:00:00Z");

    @Test
    void opensAfterTheThresholdOfExhaustedDeliveriesForThatAccountOnly() {
        CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofSeconds(60));
        assertThat(breakers.failure("a", now)).isFalse();
        assertThat(breakers.failure("a", now)).isFalse();
        assertThat(breakers.isOpen("a", now)).isFalse();
        assertThat(breakers.failure("a", now)).isTrue();
        assertThat(breakers.isOpen("a", now.plusSeconds(59))).isTrue();
        assertThat(breakers.isOpen("b", now)).isFalse();
        assertThat(breakers.isOpen("a", now.plusSeconds(60))).isFalse();
    }

    @Test
    void everyFurtherFailureRenewsTheCooldownAndASuccessClosesIt() {
        CircuitBreakers breakers = new CircuitBreakers(2, Duration.ofSeconds(10));
        breakers.failure("a", now);
        breakers.failure("a", now);
        assertThat(breakers.failure("a", now.plusSeconds(8))).as("already open: not a new opening").isFalse();
        assertThat(breakers.isOpen("a", now.plusSeconds(15))).isTrue();
        breakers.success("a");
        assertThat(breakers.isOpen("a", now.plusSeconds(15))).isFalse();
        assertThat(breakers.failure("a", now.plusSeconds(16))).isFalse();
    }

    @Test
    void aThresholdOfZeroNeverOpens() {
        CircuitBreakers breakers = new CircuitBreakers(0, Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            assertThat(breakers.failure("a", now)).isFalse();
        }
        assertThat(breakers.isOpen("a", now)).isFalse();
    }
}
