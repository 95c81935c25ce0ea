package cn.tongfa.bench.sections;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import cn.tongfa.bench.env.Database;
import cn.tongfa.bench.env.Http;
import cn.tongfa.bench.env.HubProcess;

/** Publishes items through the hub's API and reads what the ledger recorded, as the sections need it. */
final class Publisher {

    private final HubProcess hub;

    Publisher(HubProcess hub) {
        this.hub = hub;
    }

    /** One published item: its id and when the publish request was sent (the accept time). */
    record Published(String id, long publishSentMillis, long doneNanos) {
    }

    /** Creates item {@code n} and publishes it at once (the agency has no review chain): two API calls. */
    Published publish(int n) throws IOException, InterruptedException {
        Http api = hub.api();
        String id = api.post("/api/v1/items", SampleItems.request(n)).expect(201).json().get("id").asString();
        long sent = System.currentTimeMillis();
        api.post("/api/v1/items/" + id + "/publish", "").expect(200);
        return new Published(id, sent, System.nanoTime());
    }

    /** Ledger rows by status. */
    Map<String, Long> statuses() throws Exception {
        Database db = hub.database();
        Map<String, Long> result = new TreeMap<>();
        try (var c = db.connect(); var s = c.createStatement();
                var rs = s.executeQuery("select status, count(*) from delivery group by status")) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getLong(2));
            }
        }
        return result;
    }

    /**
     * Waits until the ledger holds {@code expected} settled deliveries (DELIVERED, FAILED or UNCONFIRMED), polling
     * every {@code pollMillis}; answers the ledger's statuses at that moment. Fails after {@code timeoutSeconds}.
     */
    Map<String, Long> awaitSettled(long expected, long pollMillis, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            hub.jvm().checkAlive();
            Map<String, Long> s = statuses();
            long settled = s.getOrDefault("DELIVERED", 0L) + s.getOrDefault("FAILED", 0L)
                    + s.getOrDefault("UNCONFIRMED", 0L);
            if (settled >= expected) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + timeoutSeconds + " s the ledger has " + s + ", expected "
                        + expected + " settled deliveries");
            }
            Thread.sleep(pollMillis);
        }
    }
}
