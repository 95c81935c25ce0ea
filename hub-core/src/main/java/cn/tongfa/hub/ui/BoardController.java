package cn.tongfa.hub.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.delivery.DeliveryLedger;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.item.ItemFilter;
import cn.tongfa.hub.item.ItemService;
import cn.tongfa.hub.item.ItemStatus;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.Problems;

/**
 * 状态看板: the agency's items (every agency's for a city administrator) with each channel's delivery state.
 * The rows are re-fetched every few seconds while a delivery is still under way.
 */
@Controller
class BoardController {

    static final int PAGE_SIZE = 20;

    private final ItemService items;
    private final DeliveryLedger ledger;
    private final AgencyDirectory agencies;
    private final UiFormat format;
    private final Problems problems;

    BoardController(ItemService items, DeliveryLedger ledger, AgencyDirectory agencies, UiFormat format,
            Problems problems) {
        this.items = items;
        this.ledger = ledger;
        this.agencies = agencies;
        this.format = format;
        this.problems = problems;
    }

    /** The filters as typed: free text, so that a mistyped year comes back as a message and not as an error page. */
    record Filters(String agency, String status, String channel, String year, String q, int page) {
    }

    @GetMapping("/")
    String board(@RequestParam(required = false) String agency, @RequestParam(required = false) String status,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String year,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") String page, HubUser user,
            Locale locale, Model model) {
        fill(new Filters(blankToNull(agency), blankToNull(status), blankToNull(channel), blankToNull(year),
                blankToNull(q), pageNumber(page)), user, locale, model);
        return "board";
    }

    /** The table body alone, for the live refresh. */
    @GetMapping("/board/rows")
    String rows(@RequestParam(required = false) String agency, @RequestParam(required = false) String status,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String year,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") String page, HubUser user,
            Locale locale, Model model) {
        board(agency, status, channel, year, q, page, user, locale, model);
        return "board :: rows";
    }

    private void fill(Filters filters, HubUser user, Locale locale, Model model) {
        List<String> problemsFound = new ArrayList<>();
        ItemStatus status = null;
        if (filters.status() != null) {
            try {
                status = ItemStatus.valueOf(filters.status());
            } catch (IllegalArgumentException e) {
                problemsFound.add(problems.message("ui.board.badStatus", locale, filters.status()));
            }
        }
        String channel = filters.channel();
        if (channel != null && !Channels.isKnown(channel)) {
            problemsFound.add(problems.message("channel.unknown", locale, channel));
            channel = null;
        }
        Integer year = null;
        if (filters.year() != null) {
            try {
                year = Integer.valueOf(filters.year().strip());
                if (year < 2000 || year > 2100) {
                    problemsFound.add(problems.message("year.invalid", locale, filters.year()));
                    year = null;
                }
            } catch (NumberFormatException e) {
                problemsFound.add(problems.message("year.invalid", locale, filters.year()));
            }
        }
        List<BoardRow> rows = List.of();
        long total = 0;
        try {
            ItemService.Page<Item> found = items.search(
                    new ItemFilter(filters.agency(), status, channel, year, filters.q(), format.zone()), user,
                    filters.page(), PAGE_SIZE);
            total = found.total();
            rows = found.content().stream()
                    .map(item -> new BoardRow(item,
                            agencies.find(item.agency()).map(Agency::name).orElse(item.agency()),
                            ChannelState.of(item.channels(), ledger.forItem(item.id()))))
                    .toList();
        } catch (ApiException refused) {
            problemsFound.add(problems.message(refused.messageKey(), locale, refused.args()));
        }
        model.addAttribute("filters", filters);
        model.addAttribute("rows", rows);
        model.addAttribute("total", total);
        model.addAttribute("problems", problemsFound);
        model.addAttribute("agencies", agencies.visibleTo(user));
        model.addAttribute("statuses", ItemStatus.values());
        model.addAttribute("channels", Channels.ALL);
        model.addAttribute("live", rows.stream().anyMatch(BoardRow::unsettled));
        model.addAttribute("rowsUrl", link("/board/rows", filters, filters.page()));
        model.addAttribute("prevUrl", filters.page() > 0 ? link("/", filters, filters.page() - 1) : null);
        model.addAttribute("nextUrl",
                (long) (filters.page() + 1) * PAGE_SIZE < total ? link("/", filters, filters.page() + 1) : null);
        model.addAttribute("firstShown", total == 0 ? 0 : (long) filters.page() * PAGE_SIZE + 1);
        model.addAttribute("lastShown", (long) filters.page() * PAGE_SIZE + rows.size());
    }

    private static String link(String path, Filters filters, int page) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
        add(builder, "agency", filters.agency());
        add(builder, "status", filters.status());
        add(builder, "channel", filters.channel());
        add(builder, "year", filters.year());
        add(builder, "q", filters.q());
        if (page > 0) {
            builder.queryParam("page", page);
        }
        return builder.encode().build().toUriString();
    }

    private static void add(UriComponentsBuilder builder, String name, String value) {
        if (value != null) {
            builder.queryParam(name, value);
        }
    }

    private static int pageNumber(String page) {
        try {
            return Math.max(0, Integer.parseInt(page.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
