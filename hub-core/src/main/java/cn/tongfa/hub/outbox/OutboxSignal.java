package cn.tongfa.hub.outbox;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/** Wakes the relay as soon as a transaction with outbox rows commits, instead of waiting for its next poll. */
@Component
class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);

    void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits for a wake-up or the timeout; answers early when woken. */
    void await(long millis) throws InterruptedException {
        if (permits.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }
}
