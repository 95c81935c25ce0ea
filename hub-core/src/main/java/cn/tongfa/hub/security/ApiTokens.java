package cn.tongfa.hub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens ({@code Authorization: Bearer tf_<id>_<secret>}). Only a SHA-256 of the secret is stored; the
 * token is shown once, when it is made. The secret has 256 random bits, so a fast hash is enough.
 *
 * <p>{@code last_used_at} tells an administrator whether a token is still in use; a minute's precision is
 * plenty for that, so it is written at most once a minute per token and not on every call (a write, and on
 * PostgreSQL a commit, per API request was the largest cost of an API call after the request itself).
 *
 * <p>A token and its user are read in one query and the answer is kept for {@link #REMEMBERED}: with two
 * queries per request, authentication took a quarter of the API's CPU under load (issue 8). A token presented
 * with a wrong secret is never answered from what is kept, and a wrong token is never kept. The price: a user
 * disabled, or given other roles, directly in the database keeps the old rights for at most that long in a
 * process that saw the token just before.
 */
@Component
class ApiTokens {

    static final String PREFIX = "tf_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** How long a verified token's user is kept before the database is asked again. */
    static final Duration REMEMBERED = Duration.ofSeconds(5);
    /** Beyond this many tokens kept, the expired ones are dropped; past twice as many, all of them. */
    private static final int KEPT_TOKENS = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    /** When this process last wrote each token's {@code last_used_at}; one entry per token used. */
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    /** Verified tokens by id: the stored hash, the user and until when they may be used without asking again. */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String secretHash, UserAccount account, Instant until) {
    }

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new token for the user: answers the whole token, which is never shown again. */
    @Transactional
    Issued issue(String username) {
        String id = random(8);
        String secret = random(32);
        Instant now = clock.instant();
        jdbc.sql("insert into api_token (id, username, secret_hash, created_at) values (?, ?, ?, ?)")
                .params(id, username, sha256(secret), now.atOffset(ZoneOffset.UTC))
                .update();
        return new Issued(id, PREFIX + id + "_" + secret, now);
    }

    record Issued(String id, String token, Instant createdAt) {
    }

    /**
     * The enabled user a token belongs to, or empty when the token is unknown or wrong, or its user is disabled
     * or gone.
     */
    Optional<UserAccount> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(PREFIX.length());
        int split = rest.indexOf('_');
        if (split <= 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, split);
        byte[] presented = sha256(rest.substring(split + 1)).getBytes(StandardCharsets.US_ASCII);
        Instant now = clock.instant();
        Verified known = verified.get(id);
        if (known == null || !now.isBefore(known.until())) {
            known = jdbc.sql("select t.secret_hash, u.username, u.password_hash, u.agency, u.roles, u.enabled "
                            + "from api_token t join app_user u on u.username = t.username where t.id = ?")
                    .param(id)
                    .query((rs, n) -> new Verified(rs.getString(1), new UserAccount(rs.getString(2),
                            rs.getString(3), rs.getString(4), UserRepository.roles(rs.getString(5)),
                            rs.getBoolean(6)), now.plus(REMEMBERED)))
                    .optional()
                    .orElse(null);
            if (known == null) {
                verified.remove(id);
                return Optional.empty();
            }
            keep(id, known, now);
        }
        if (!MessageDigest.isEqual(known.secretHash().getBytes(StandardCharsets.US_ASCII), presented)
                || !known.account().isEnabled()) {
            return Optional.empty();
        }
        touch(id);
        return Optional.of(known.account());
    }

    private void keep(String id, Verified answer, Instant now) {
        if (verified.size() >= KEPT_TOKENS) {
            verified.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (verified.size() >= 2 * KEPT_TOKENS) {
                verified.clear();
            }
        }
        verified.put(id, answer);
    }

    /** Records the use of the token, unless this process did so less than {@link #TOUCH_INTERVAL} ago. */
    private void touch(String id) {
        Instant now = clock.instant();
        Instant last = touched.get(id);
        if (last != null && now.isBefore(last.plus(TOUCH_INTERVAL))) {
            return;
        }
        touched.put(id, now);
        jdbc.sql("update api_token set last_used_at = ? where id = ?")
                .params(now.atOffset(ZoneOffset.UTC), id).update();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HEX.formatHex(value);
    }

    private static String sha256(String value) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
