package cn.tongfa.hub.item;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import cn.tongfa.hub.ConditionalOnRole;

/** Publishes {@code SCHEDULED} items when their time comes; the schedule lives in the database, so it survives restarts. */
@Component
@ConditionalOnRole("api")
class ScheduledPublisher {

    private static final Logger log = LoggerFactory.getLogger(ScheduledPublisher.class);

    private final ItemService items;

    ScheduledPublisher(ItemService items) {
        this.items = items;
    }

    @Scheduled(fixedDelayString = "${tongfa.schedule.poll-interval:15s}", initialDelayString = "5s")
    void publishDue() {
        try {
            int published = items.publishDue();
            if (published > 0) {
                log.info("published {} scheduled item(s)", published);
            }
        } catch (RuntimeException e) {
            log.warn("publishing scheduled items failed, trying again at the next tick: {}", e.toString());
        }
    }
}
