package cn.tongfa.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

/**
 * API tokens on the hub's schema (H2): one query answers token and user, a verified token is answered from
 * memory for {@link ApiTokens#REMEMBERED}, and nothing kept ever lets a wrong secret in.
 */
class ApiTokensTest {

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T01:00:00Z"));
    private ApiTokens tokens;

    @BeforeEach
    void schema() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:tokens-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        dataSource.setUsername("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/h2")
                .load().migrate();
        jdbc = JdbcClient.create(dataSource);
        new UserRepository(jdbc).insert("bianji", "{noop}x", "fy-xfj", Set.of("EDITOR"));
        tokens = new ApiTokens(jdbc, clock);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aTokenAnswersItsEnabledUserAndAWrongSecretOrIdNothing() {
        String token = tokens.issue("bianji").token();

        assertThat(tokens.authenticate(token)).hasValueSatisfying(user -> {
            assertThat(user.username()).isEqualTo("bianji");
            assertThat(user.agency()).isEqualTo("fy-xfj");
            assertThat(user.roles()).containsExactly("EDITOR");
        });
        // Known to the process now: a wrong secret for the same id is still refused.
        String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        assertThat(tokens.authenticate(wrongSecret)).isEmpty();
        assertThat(tokens.authenticate("tf_0000000000000000_" + "0".repeat(64))).isEmpty();
        assertThat(tokens.authenticate("tf_nosecret")).isEmpty();
        assertThat(tokens.authenticate("Basic abc")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void aDisabledUserIsRefusedOnceWhatWasKeptExpires() {
        String token = tokens.issue("bianji").token();
        assertThat(tokens.authenticate(token)).isPresent();

        jdbc.sql("update app_user set enabled = false where username = 'bianji'").update();
        assertThat(tokens.authenticate(token)).as("answered from memory within %s", ApiTokens.REMEMBERED)
                .isPresent();

        clock.move(ApiTokens.REMEMBERED);
        assertThat(tokens.authenticate(token)).isEmpty();
    }

    @Test
    void aDeletedTokenIsRefusedOnceWhatWasKeptExpires() {
        String token = tokens.issue("bianji").token();
        assertThat(tokens.authenticate(token)).isPresent();

        jdbc.sql("delete from api_token").update();
        clock.move(ApiTokens.REMEMBERED.plusMillis(1));
        assertThat(tokens.authenticate(token)).isEmpty();
    }

    @Test
    void useIsRecordedAtMostOnceAMinute() {
        String token = tokens.issue("bianji").token();
        tokens.authenticate(token);
        Instant first = lastUsed();
        assertThat(first).isEqualTo(clock.instant());

        clock.move(Duration.ofSeconds(30));
        tokens.authenticate(token);
        assertThat(lastUsed()).isEqualTo(first);

        clock.move(Duration.ofSeconds(31));
        tokens.authenticate(token);
        assertThat(lastUsed()).isEqualTo(clock.instant());
    }

    private Instant lastUsed() {
        return jdbc.sql("select last_used_at from api_token").query(java.time.OffsetDateTime.class).single()
                .toInstant();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
