package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PublishJobsTest {

    private final PublishJobs jobs = new PublishJobs();

    @Test
    void anEventOfTheAgencySinceTheMarkEndsTheWaitAndStaysForItsOwnJob() throws Exception {
        long mark = jobs.mark("demo");
        jobs.arrived(finished("demo", "100"));

        assertThat(jobs.awaitAny("demo", mark, Duration.ofMinutes(1))).isTrue();
        assertThat(jobs.await("demo", "100", Duration.ZERO)).isNotNull();
    }

    @Test
    void aWaiterIsWokenByAnEventArrivingWhileItWaits() throws Exception {
        long mark = jobs.mark("demo");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return jobs.awaitAny("demo", mark, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        jobs.arrived(finished("demo", "101"));

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void eventsOfOtherAgenciesOrFromBeforeTheMarkDoNotEndTheWait() throws Exception {
        jobs.arrived(finished("demo", "102"));
        long mark = jobs.mark("demo");
        jobs.arrived(finished("other", "103"));

        assertThat(jobs.awaitAny("demo", mark, Duration.ofMillis(50))).isFalse();
    }

    private static PublishJobFinished finished(String agency, String publishId) {
        return new PublishJobFinished(agency, publishId, 0, "A1", List.of(), List.of(), false);
    }
}
