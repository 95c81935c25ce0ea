package cn.tongfa.hub.deadletter;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.item.ItemService;
import cn.tongfa.hub.web.ApiException;

/**
 * What operators do with dead letters, for the API and the web page alike: see them, and replay them one by
 * one or in bulk once the cause is fixed. Unreadable records (poison) can be seen but not replayed; only the
 * city administrator sees them, as they belong to no known agency.
 */
@Service
class DeadLetters {

    private final DeadLetterStore store;
    private final ItemService items;
    private final Clock clock;

    DeadLetters(DeadLetterStore store, ItemService items, Clock clock) {
        this.store = store;
        this.items = items;
        this.clock = clock;
    }

    /** The outcome of a bulk replay. */
    record Replayed(int replayed, int skipped) {
    }

    List<DeadLetter> list(String channel, Boolean replayed, int page, int size, HubUser user) {
        requireOperator(user);
        if (channel != null && !Channels.isKnown(channel)) {
            throw ApiException.invalid(List.of(new ApiException.FieldProblem("channel", "channel.unknown", channel)));
        }
        return store.find(channel, scope(user), replayed, Math.max(0, page) * size, Math.min(Math.max(size, 1), 500));
    }

    void replay(long id, HubUser user) {
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
    }

    /** Replays every open dead letter of the channel (all channels when null) within the user's reach. */
    Replayed replayAll(String channel, String agency, HubUser user) {
        requireOperator(user);
        List<String> agencies = scope(user);
        if (agency != null) {
            if (agencies != null && !agencies.contains(agency)) {
                throw ApiException.forbidden("agency.forbidden", agency);
            }
            agencies = List.of(agency);
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
        return new Replayed(replayed, skipped);
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
