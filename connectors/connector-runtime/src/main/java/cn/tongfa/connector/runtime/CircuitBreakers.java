package cn.tongfa.connector.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One circuit per account (agency) of a channel. Deliveries that use up their whole retry budget count
 * against it; after {@code threshold} in a row it opens for {@code cooldown}, renewed by every further
 * failure. While open, a delivery gets one call and no back-off, so a dead channel costs each item one quick
 * call instead of minutes of retries; the first success closes it. Thread-safe.
 */
final class CircuitBreakers {

    private record Circuit(int failures, Instant openUntil) {
    }

    private final int threshold;
    private final Duration cooldown;
    private final Map<String, Circuit> circuits = new HashMap<>();

    CircuitBreakers(int threshold, Duration cooldown) {
        this.threshold = threshold;
        this.cooldown = cooldown;
    }

    synchronized boolean isOpen(String agency, Instant now) {
        Circuit circuit = circuits.get(agency);
        return circuit != null && circuit.openUntil() != null && now.isBefore(circuit.openUntil());
    }

    synchronized void success(String agency) {
        circuits.remove(agency);
    }

    /** Counts a delivery that used up its budget; answers whether the circuit opened now. */
    synchronized boolean failure(String agency, Instant now) {
        if (threshold <= 0) {
            return false;
        }
        Circuit before = circuits.get(agency);
        int failures = before == null ? 1 : before.failures() + 1;
        boolean open = failures >= threshold;
        circuits.put(agency, new Circuit(failures, open ? now.plus(cooldown) : null));
        return open && (before == null || before.openUntil() == null || !now.isBefore(before.openUntil()));
    }
}
