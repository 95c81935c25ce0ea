package cn.tongfa.hub.deadletter;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.ui.HubPage;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.Problems;

/** 死信 page: what the connectors gave up on, with replay buttons (one, or all of a channel). */
@Controller
@HubPage
class DeadLetterPage {

    private final DeadLetters deadLetters;
    private final Problems problems;

    DeadLetterPage(DeadLetters deadLetters, Problems problems) {
        this.deadLetters = deadLetters;
        this.problems = problems;
    }

    @GetMapping("/dead-letters")
    String page(@RequestParam(required = false) String channel, @RequestParam(defaultValue = "false") boolean all,
            HubUser user, Model model) {
        String shown = channel == null || channel.isBlank() ? null : channel;
        List<DeadLetter> letters = deadLetters.list(shown, all ? null : Boolean.FALSE, 0, 200, user);
        model.addAttribute("letters", letters);
        model.addAttribute("channel", shown);
        model.addAttribute("all", all);
        model.addAttribute("channels", Channels.ALL);
        return "deadletters";
    }

    @PostMapping("/dead-letters/{id}/replay")
    String replay(@PathVariable long id, HubUser user, Locale locale, RedirectAttributes redirect) {
        try {
            deadLetters.replay(id, user);
            redirect.addFlashAttribute("notice", problems.message("ui.deadletters.replayedOne", locale, id));
        } catch (ApiException e) {
            redirect.addFlashAttribute("error", problems.message(e.messageKey(), locale, e.args()));
        }
        return "redirect:/dead-letters";
    }

    @PostMapping("/dead-letters/replay")
    String replayAll(@RequestParam(required = false) String channel, HubUser user, Locale locale,
            RedirectAttributes redirect) {
        String shown = channel == null || channel.isBlank() ? null : channel;
        try {
            DeadLetters.Replayed result = deadLetters.replayAll(shown, null, user);
            redirect.addFlashAttribute("notice", problems.message("ui.deadletters.replayedAll", locale,
                    result.replayed(), result.skipped()));
        } catch (ApiException e) {
            redirect.addFlashAttribute("error", problems.message(e.messageKey(), locale, e.args()));
        }
        return shown == null ? "redirect:/dead-letters" : "redirect:/dead-letters?channel=" + shown;
    }
}
