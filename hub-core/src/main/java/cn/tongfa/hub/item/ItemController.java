package cn.tongfa.hub.item;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.connector.ChannelPreviews;
import cn.tongfa.hub.delivery.DeliveryLedger;
import cn.tongfa.hub.web.ApiException;

/** {@code /api/v1/items} (API.md). */
@RestController
@RequestMapping("/api/v1/items")
class ItemController {

    private final ItemService items;
    private final DeliveryLedger ledger;
    private final HubSettings settings;
    private final ChannelPreviews previews;

    ItemController(ItemService items, DeliveryLedger ledger, HubSettings settings, ChannelPreviews previews) {
        this.items = items;
        this.ledger = ledger;
        this.settings = settings;
        this.previews = previews;
    }

    @PostMapping
    ResponseEntity<ItemView> create(@RequestBody ItemRequest request, HubUser user) {
        Item item = items.create(request, user);
        // A new draft has no review decisions and no deliveries: nothing to read back.
        return ResponseEntity.created(URI.create("/api/v1/items/" + item.id()))
                .body(ItemView.of(item, List.of(), List.of(), settings.zone(), items.mediaView(item)));
    }

    @GetMapping("/{id}")
    ItemView get(@PathVariable String id, HubUser user) {
        return view(items.get(id, user));
    }

    /** How the item will look on each of its channels (an extension of API.md). */
    @GetMapping("/{id}/previews")
    java.util.Map<String, ChannelPreviews.Preview> previews(@PathVariable String id, HubUser user) {
        return previews.of(items.previewEvent(items.get(id, user)));
    }

    @PutMapping("/{id}")
    ItemView update(@PathVariable String id, @RequestBody ItemRequest request, HubUser user) {
        return view(items.update(id, request, user));
    }

    @PostMapping("/{id}/submit")
    ItemView submit(@PathVariable String id, @RequestBody(required = false) ActionRequest action, HubUser user) {
        return view(items.submit(id, ActionRequest.comment(action), user));
    }

    @PostMapping("/{id}/approve")
    ItemView approve(@PathVariable String id, @RequestBody(required = false) ActionRequest action, HubUser user) {
        return view(items.approve(id, ActionRequest.comment(action), user));
    }

    @PostMapping("/{id}/reject")
    ItemView reject(@PathVariable String id, @RequestBody(required = false) ActionRequest action, HubUser user) {
        return view(items.reject(id, ActionRequest.comment(action), user));
    }

    @PostMapping("/{id}/publish")
    ItemView publish(@PathVariable String id, @RequestBody(required = false) ActionRequest action, HubUser user) {
        return view(items.publish(id, ActionRequest.comment(action), user));
    }

    @PostMapping("/{id}/withdraw")
    ItemView withdraw(@PathVariable String id, @RequestBody(required = false) ActionRequest action, HubUser user) {
        return view(items.withdraw(id, ActionRequest.comment(action), user));
    }

    @PostMapping("/{id}/deliveries/{channel}/retry")
    ItemView retry(@PathVariable String id, @PathVariable String channel, HubUser user) {
        return view(items.retry(id, channel, user));
    }

    /** The optional body of an action: {@code {"comment": "…"}}. */
    record ActionRequest(String comment) {
        static String comment(ActionRequest action) {
            return action == null || action.comment() == null || action.comment().isBlank() ? null
                    : action.comment().strip();
        }
    }

    @GetMapping
    ItemService.Page<ItemView> search(@RequestParam(required = false) String agency,
            @RequestParam(required = false) ItemStatus status, @RequestParam(required = false) String channel,
            @RequestParam(required = false) Integer year, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, HubUser user) {
        List<ApiException.FieldProblem> problems = new java.util.ArrayList<>();
        if (channel != null && !Channels.isKnown(channel)) {
            problems.add(new ApiException.FieldProblem("channel", "channel.unknown", channel));
        }
        if (year != null && (year < 2000 || year > 2100)) {
            problems.add(new ApiException.FieldProblem("year", "year.invalid", year));
        }
        if (page < 0) {
            problems.add(new ApiException.FieldProblem("page", "field.badValue", page));
        }
        if (size < 1 || size > 200) {
            problems.add(new ApiException.FieldProblem("size", "field.badValue", size));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        ItemService.Page<Item> found = items.search(new ItemFilter(agency, status, channel, year, q, settings.zone()),
                user, page, size);
        return new ItemService.Page<>(found.content().stream().map(this::view).toList(), found.page(),
                found.size(), found.total());
    }

    private ItemView view(Item item) {
        return ItemView.of(item, items.history(item.id()), ledger.forItem(item.id()), settings.zone(),
                items.mediaView(item));
    }
}
