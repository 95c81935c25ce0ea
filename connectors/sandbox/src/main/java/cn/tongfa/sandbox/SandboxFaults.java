package cn.tongfa.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection per simulated channel. A simulator calls {@link #before(String, String, String)} when a
 * request arrives (added latency, outage, random failures), {@link #errorCode(String, String, String)} to
 * learn whether to answer with one of the channel's own error codes, and {@link #after(String, String, String)}
 * once it has processed the request (a timeout after the work is done, the case that leaves a delivery in
 * doubt). {@code timeoutOnPost} narrows that timeout to the request that made the channel hold a new post,
 * whichever call that is (Weibo's {@code share.json}, the disclosure push, the WeChat status poll that finishes the
 * publish job): "accepted, then no answer", the moment a crashed connector must settle by looking the post up.
 */
public class SandboxFaults {

    /**
     * The faults of one channel.
     *
     * @param failRate       share of requests answered with {@code status} before any processing (0..1)
     * @param status         the HTTP status of injected failures (default 503)
     * @param latencyMs      delay added to every request
     * @param outageSeconds  when set, every request fails with {@code status} for this long from now
     * @param timeoutRate    share of requests that are processed and then answered only after {@code timeoutMs}
     * @param timeoutMs      how long such a request hangs after processing (default 30 s)
     * @param errorCode      the channel's own error code to answer with (WeChat {@code errcode}, Weibo
     *                       {@code error_code}, in the channel's wire format), before any processing
     * @param errorRate      share of requests answered with {@code errorCode} (default 1 when a code is set)
     * @param errorCount     answer with {@code errorCode} this many times only, then behave (null: always)
     * @param endpoint       when set, every knob above applies only to requests whose path ends with it
     *                       (e.g. {@code freepublish/submit}, {@code share.json})
     * @param account        when set, the knobs apply only to this account (WeChat app id, Weibo access token,
     *                       disclosure app key)
     * @param timeoutOnPost  when true, {@code timeoutRate}/{@code timeoutMs} apply only to requests after which the
     *                       channel holds a new post (it accepted one), and not to look-ups, tokens or uploads
     */
    public record Faults(Double failRate, Integer status, Long latencyMs, Long outageSeconds, Double timeoutRate,
            Long timeoutMs, Integer errorCode, Double errorRate, Integer errorCount, String endpoint,
            String account, Boolean timeoutOnPost) {

        static final Faults NONE = new Faults(0.0, 503, 0L, 0L, 0.0, 30_000L);

        /** The knobs that existed before error codes, endpoints and accounts. */
        public Faults(Double failRate, Integer status, Long latencyMs, Long outageSeconds, Double timeoutRate,
                Long timeoutMs) {
            this(failRate, status, latencyMs, outageSeconds, timeoutRate, timeoutMs, null, null, null, null, null,
                    null);
        }

        /** Answers every request (of the endpoint, when given) with the channel's error code. */
        public static Faults error(int errorCode, String endpoint) {
            return new Faults(null, null, null, null, null, null, errorCode, 1.0, null, endpoint, null, null);
        }

        /** Accepts the request, then hangs for {@code timeoutMs} before answering (endpoint may be null). */
        public static Faults hangAfterAccept(String endpoint, long timeoutMs) {
            return new Faults(null, null, null, null, 1.0, timeoutMs, null, null, null, endpoint, null, null);
        }

        /**
         * Accepts whatever request makes the channel hold a new post, then hangs for {@code timeoutMs} before
         * answering it; every other request is answered at once.
         */
        public static Faults hangOnPost(long timeoutMs) {
            return new Faults(null, null, null, null, 1.0, timeoutMs, null, null, null, null, null, true);
        }

        /** The same faults, limited to one account. */
        public Faults forAccount(String account) {
            return new Faults(failRate, status, latencyMs, outageSeconds, timeoutRate, timeoutMs, errorCode, errorRate,
                    errorCount, endpoint, account, timeoutOnPost);
        }

        /** The same faults, limited to a number of injected error answers. */
        public Faults times(int count) {
            return new Faults(failRate, status, latencyMs, outageSeconds, timeoutRate, timeoutMs, errorCode, errorRate,
                    count, endpoint, account, timeoutOnPost);
        }

        Faults normalised() {
            return new Faults(
                    clampRate(failRate),
                    status == null ? 503 : status,
                    latencyMs == null ? 0L : Math.max(0, latencyMs),
                    outageSeconds == null ? 0L : Math.max(0, outageSeconds),
                    clampRate(timeoutRate),
                    timeoutMs == null ? 30_000L : Math.max(0, timeoutMs),
                    errorCode,
                    errorCode == null ? 0.0 : errorRate == null ? 1.0 : clampRate(errorRate),
                    errorCount == null ? null : Math.max(0, errorCount),
                    endpoint == null || endpoint.isBlank() ? null : endpoint.strip(),
                    account == null || account.isBlank() ? null : account.strip(),
                    Boolean.TRUE.equals(timeoutOnPost));
        }

        boolean applies(String requestEndpoint, String requestAccount) {
            if (endpoint != null && (requestEndpoint == null || !requestEndpoint.endsWith(endpoint))) {
                return false;
            }
            return account == null || account.equals(requestAccount);
        }

        private static double clampRate(Double rate) {
            if (rate == null || rate.isNaN()) {
                return 0;
            }
            return Math.max(0, Math.min(1, rate));
        }
    }

    /** An injected failure: the simulator answers with this HTTP status. */
    public static final class InjectedFailure extends RuntimeException {
        private final int status;

        InjectedFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private record State(Faults faults, Instant outageUntil, AtomicInteger errorsLeft) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    /** Threads holding a request back ({@code timeoutMs}), with their channel. */
    private final Map<Thread, String> hanging = new java.util.HashMap<>();
    private final Clock clock;

    public SandboxFaults(Clock clock) {
        this.clock = clock;
    }

    public Faults set(String channel, Faults faults) {
        Faults normalised = faults.normalised();
        Instant outageUntil = normalised.outageSeconds() > 0
                ? clock.instant().plusSeconds(normalised.outageSeconds())
                : null;
        AtomicInteger errorsLeft = normalised.errorCount() == null ? null : new AtomicInteger(normalised.errorCount());
        states.put(channel, new State(normalised, outageUntil, errorsLeft));
        return normalised;
    }

    public Faults get(String channel) {
        State state = states.get(channel);
        return state == null ? Faults.NONE : state.faults();
    }

    /** Clears the channel's faults and lets the requests it holds back (a timeout under way) answer now. */
    public void clear(String channel) {
        states.remove(channel);
        synchronized (hanging) {
            hanging.forEach((thread, of) -> {
                if (of.equals(channel)) {
                    thread.interrupt();
                }
            });
        }
    }

    /** Applies latency, outage and random failure; throws {@link InjectedFailure} when the request must fail. */
    public void before(String channel) {
        before(channel, null, null);
    }

    /**
     * As {@link #before(String)}, for a request to an endpoint on behalf of an account (either may be null when
     * the simulator cannot tell; scoped faults then leave the request alone).
     */
    public void before(String channel, String endpoint, String account) {
        State state = active(channel, endpoint, account);
        if (state == null) {
            return;
        }
        Faults faults = state.faults();
        pause(faults.latencyMs());
        if (state.outageUntil() != null && clock.instant().isBefore(state.outageUntil())) {
            throw new InjectedFailure(faults.status(), "simulated outage");
        }
        if (faults.failRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.failRate()) {
            throw new InjectedFailure(faults.status(), "simulated failure");
        }
    }

    /** The channel error code this request must be answered with, or null to process it. */
    public Integer errorCode(String channel, String endpoint, String account) {
        State state = active(channel, endpoint, account);
        if (state == null || state.faults().errorCode() == null) {
            return null;
        }
        if (state.faults().errorRate() < 1 && ThreadLocalRandom.current().nextDouble() >= state.faults().errorRate()) {
            return null;
        }
        if (state.errorsLeft() != null && state.errorsLeft().getAndUpdate(left -> Math.max(0, left - 1)) <= 0) {
            return null;
        }
        return state.faults().errorCode();
    }

    /** Hangs after the work is done for the configured share of requests. */
    public void after(String channel) {
        after(channel, null, null);
    }

    /** As {@link #after(String)}, for a request to an endpoint on behalf of an account. */
    public void after(String channel, String endpoint, String account) {
        after(channel, endpoint, account, false);
    }

    /**
     * As {@link #after(String, String, String)}; {@code posted} tells whether the request made the channel hold a
     * new post, which {@code timeoutOnPost} waits for.
     */
    public void after(String channel, String endpoint, String account, boolean posted) {
        State state = active(channel, endpoint, account);
        if (state == null) {
            return;
        }
        Faults faults = state.faults();
        if (Boolean.TRUE.equals(faults.timeoutOnPost()) && !posted) {
            return;
        }
        if (faults.timeoutRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.timeoutRate()) {
            synchronized (hanging) {
                hanging.put(Thread.currentThread(), channel);
            }
            try {
                pause(faults.timeoutMs());
            } finally {
                synchronized (hanging) {
                    hanging.remove(Thread.currentThread());
                    // An interrupt from clear() that came after the pause ended must not reach the next request.
                    Thread.interrupted();
                }
            }
        }
    }

    private State active(String channel, String endpoint, String account) {
        State state = states.get(channel);
        return state != null && state.faults().applies(endpoint, account) ? state : null;
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
