package cn.tongfa.connector.runtime;

import java.time.Duration;

/**
 * How a worker hosts its connector.
 *
 * @param concurrency     Kafka consumers (threads) per connector in this process; partitions are shared among
 *                        all consumers of the connector's group, across processes
 * @param parallelism     items delivered at once by one consumer (events of one item always run in order); default
 *                        32, because a delivery mostly waits on its channel (a WeChat publish job takes at least a
 *                        poll interval): with 8 per consumer, 16 threads capped WeChat at 160 items/s with 100 ms
 *                        polls; more threads overlap the waits, while calls per second still follow the load
 * @param maxAttempts     channel calls per delivery before it is recorded as failed
 * @param initialBackoff  first wait after a retriable failure; doubles each time, with jitter
 * @param maxBackoff      longest wait between two attempts
 * @param maxRetryAfter   longest wait a channel may ask for (rate limits) that the worker sits out in line
 * @param maxPause        longest wait beyond {@code maxRetryAfter} for which the worker pauses the agency's
 *                        account instead of failing: the delivery is reported PENDING with the reason, parked with
 *                        the account's other deliveries, and tried again by itself when the pause ends, while
 *                        other agencies go on (default 25 h, covering daily quotas; zero turns pausing off)
 * @param breakerThreshold deliveries of one account in a row that use up their whole retry budget before the
 *                        account's circuit opens (default 3; zero turns the breaker off)
 * @param breakerCooldown how long an open circuit lasts after its last failure: meanwhile each delivery of the
 *                        account gets a single call and no back-off, so a dead channel fails fast into the dead
 *                        letters instead of holding threads, and the first success closes it (default 60 s)
 * @param announceAfter   how long a channel call runs before the worker reports it DELIVERING, which the editors
 *                        see as 发送中 (default 1 s; zero reports every call at once). Most calls end sooner: their
 *                        outcome is then the only report, which spares a record, its reading and a ledger update
 *                        per delivery. The DELIVERING mark in the state store, which guards against posting twice,
 *                        is written before every call whatever this says.
 */
public record WorkerSettings(
        Integer concurrency,
        Integer parallelism,
        Integer maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        Duration maxPause,
        Integer breakerThreshold,
        Duration breakerCooldown,
        Duration announceAfter) {

    // One canonical constructor only: Spring Boot binds tongfa.connectors.worker.* through it.
    public static final WorkerSettings DEFAULTS = new WorkerSettings(null, null, null, null, null, null, null, null,
            null, null);

    public WorkerSettings {
        concurrency = positive(concurrency, 2, "concurrency");
        parallelism = positive(parallelism, 32, "parallelism");
        maxAttempts = positive(maxAttempts, 5, "maxAttempts");
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(10) : maxBackoff;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(60) : maxRetryAfter;
        maxPause = maxPause == null ? Duration.ofHours(25) : maxPause;
        breakerThreshold = breakerThreshold == null ? 3 : Math.max(0, breakerThreshold);
        breakerCooldown = breakerCooldown == null ? Duration.ofSeconds(60) : breakerCooldown;
        announceAfter = announceAfter == null ? Duration.ofSeconds(1) : announceAfter;
        if (announceAfter.isNegative()) {
            throw new IllegalArgumentException("announceAfter must not be negative, was " + announceAfter);
        }
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }
}
