package cn.tongfa.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault injection per simulated channel. A simulator calls {@link #before(String)} when a request arrives
 * (added latency, outage, random failures) and {@link #after(String)} once it has processed it (a
 * timeout after the work is done, the case that leaves a delivery in doubt).
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
     */
    public record Faults(Double failRate, Integer status, Long latencyMs, Long outageSeconds, Double timeoutRate,
            Long timeoutMs) {

        static final Faults NONE = new Faults(0.0, 503, 0L, 0L, 0.0, 30_000L);

        Faults normalised() {
            return new Faults(
                    clampRate(failRate),
                    status == null ? 503 : status,
                    latencyMs == null ? 0L : Math.max(0, latencyMs),
                    outageSeconds == null ? 0L : Math.max(0, outageSeconds),
                    clampRate(timeoutRate),
                    timeoutMs == null ? 30_000L : Math.max(0, timeoutMs));
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

    private record State(Faults faults, Instant outageUntil) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;

    public SandboxFaults(Clock clock) {
        this.clock = clock;
    }

    public Faults set(String channel, Faults faults) {
        Faults normalised = faults.normalised();
        Instant outageUntil = normalised.outageSeconds() > 0
                ? clock.instant().plusSeconds(normalised.outageSeconds())
                : null;
        states.put(channel, new State(normalised, outageUntil));
        return normalised;
    }

    public Faults get(String channel) {
        State state = states.get(channel);
        return state == null ? Faults.NONE : state.faults();
    }

    public void clear(String channel) {
        states.remove(channel);
    }

    /** Applies latency, outage and random failure; throws {@link InjectedFailure} when the request must fail. */
    public void before(String channel) {
        State state = states.get(channel);
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

    /** Hangs after the work is done for the configured share of requests. */
    public void after(String channel) {
        State state = states.get(channel);
        if (state == null) {
            return;
        }
        Faults faults = state.faults();
        if (faults.timeoutRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.timeoutRate()) {
            pause(faults.timeoutMs());
        }
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
