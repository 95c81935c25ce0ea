package cn.tongfa.hub.deadletter;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.item.ItemService;
import cn.tongfa.hub.web.ApiException;

/**
 * {@code /api/v1/dead-letters}: what the connectors gave up on, for operators, and replaying it one by one
 * or in bulk once the cause is fixed (an extension of API.md). Unreadable records (poison) can be seen but
 * not replayed; only the city administrator sees them, as they belong to no known agency.
 */
@RestController
class DeadLetterController {

    private final DeadLetterStore store;
    private final ItemService items;
    private final Clock clock;

    DeadLetterController(DeadLetterStore store, ItemService items, Clock clock) {
        this.store = store;
        this.items = items;
        this.clock = clock;
    }

    record Replay(String channel, String agency) {
    }

    @GetMapping("/api/v1/dead-letters")
    List<DeadLetter> list(@RequestParam(required = false) String channel,
            @RequestParam(required = false) Boolean replayed, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, HubUser user) {
        requireOperator(user);
        if (channel != null && !Channels.isKnown(channel)) {
            throw ApiException.invalid(List.of(new ApiException.FieldProblem("channel", "channel.unknown", channel)));
        }
        return store.find(channel, scope(user), replayed, Math.max(0, page) * size, Math.min(Math.max(size, 1), 500));
    }

    @PostMapping("/api/v1/dead-letters/{id}/replay")
    Map<String, Object> replay(@PathVariable long id, HubUser user) {
        requireOperator(user);
        DeadLetter letter = store.get(id)
                .filter(found -> user.isCityAdmin() || (found.agency() != null && found.agency().equals(user.agency())))
                .orElseThrow(() -> ApiException.notFound("deadLetter.notFound", id));
        if (letter.poison()) {
            throw ApiException.conflict("deadLetter.poison");
        }
        if (letter.replayedAt() != null) {
            throw ApiException.conflict("deadLetter.replayed", letter.replayedBy());
        }
        items.retry(letter.itemId(), letter.channel(), user);
        store.markReplayed(id, user.username(), clock.instant());
        return Map.of("replayed", 1);
    }

    /** Replays every open dead letter of a channel (and agency); answers how many were sent again. */
    @PostMapping("/api/v1/dead-letters/replay")
    Map<String, Object> replayAll(@RequestBody(required = false) Replay filter, HubUser user) {
        requireOperator(user);
        String channel = filter == null ? null : filter.channel();
        List<String> agencies = scope(user);
        if (filter != null && filter.agency() != null) {
            if (agencies != null && !agencies.contains(filter.agency())) {
                throw ApiException.forbidden("agency.forbidden", filter.agency());
            }
            agencies = List.of(filter.agency());
        }
        int replayed = 0;
        int skipped = 0;
        List<DeadLetter> open;
        do {
            open = store.find(channel, agencies, false, 0, 500).stream().filter(letter -> !letter.poison()).toList();
            for (DeadLetter letter : open) {
                try {
                    items.retry(letter.itemId(), letter.channel(), user);
                    replayed++;
                } catch (ApiException settledMeanwhile) {
                    // Delivered by an earlier replay, withdrawn, or no longer failed: nothing to send.
                    skipped++;
                }
                store.markReplayed(letter.id(), user.username(), clock.instant());
            }
        } while (!open.isEmpty());
        return Map.of("replayed", replayed, "skipped", skipped);
    }

    private static void requireOperator(HubUser user) {
        if (!user.hasAnyRole(Roles.OPERATOR, Roles.ADMIN)) {
            throw ApiException.forbidden("item.forbidden", "dead letters",
                    Roles.label(Roles.OPERATOR) + "、" + Roles.label(Roles.ADMIN));
        }
    }

    private static List<String> scope(HubUser user) {
        return user.isCityAdmin() ? null : user.agency() == null ? List.of() : List.of(user.agency());
    }
}
