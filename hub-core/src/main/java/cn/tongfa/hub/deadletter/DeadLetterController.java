package cn.tongfa.hub.deadletter;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongfa.hub.agency.HubUser;

/** {@code /api/v1/dead-letters} (an extension of API.md): list, replay one, replay in bulk. */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    record Replay(String channel, String agency) {
    }

    @GetMapping("/api/v1/dead-letters")
    List<DeadLetter> list(@RequestParam(required = false) String channel,
            @RequestParam(required = false) Boolean replayed, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, HubUser user) {
        return deadLetters.list(channel, replayed, page, size, user);
    }

    @PostMapping("/api/v1/dead-letters/{id}/replay")
    Map<String, Object> replay(@PathVariable long id, HubUser user) {
        deadLetters.replay(id, user);
        return Map.of("replayed", 1);
    }

    /** Replays every open dead letter of a channel (and agency); answers how many were sent again. */
    @PostMapping("/api/v1/dead-letters/replay")
    DeadLetters.Replayed replayAll(@RequestBody(required = false) Replay filter, HubUser user) {
        return deadLetters.replayAll(filter == null ? null : filter.channel(), filter == null ? null : filter.agency(),
                user);
    }
}
