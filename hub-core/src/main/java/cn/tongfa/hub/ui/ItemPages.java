package cn.tongfa.hub.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.connector.ChannelPreviews;
import cn.tongfa.hub.delivery.Delivery;
import cn.tongfa.hub.delivery.DeliveryLedger;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.item.ItemService;
import cn.tongfa.hub.item.ItemStatus;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.Problems;

/** Composing, editing and following one item: its page, its previews, its review and its deliveries. */
@Controller
class ItemPages {

    private static final Logger log = LoggerFactory.getLogger(ItemPages.class);

    /** The form's own fields; a finding on any other field is shown above the form. */
    private static final Set<String> FORM_FIELDS = Set.of("agency", "title", "summary", "bodyHtml", "category",
            "docType", "docNumber", "writtenOn", "channels", "wechatDigest", "weiboText", "scheduledAt",
            "personalDataReviewed", "coverMediaId", "attachments");

    /** The compose page script's sentences (ui.editor.*), in the page's language. */
    private static final List<String> EDITOR_MESSAGES = List.of("fileGeneric", "uploadNetwork", "uploadSession",
            "uploadTooLarge", "uploadLater", "uploadCheckType", "uploadFailed", "uploadingNamed", "uploadedNamed",
            "dismiss", "pasteLocalImages", "coverNotImage", "coverSet", "coverRemoved", "coverFromBody",
            "coverUseImage", "attachmentsUploaded", "attachmentDuplicate", "attachmentMoved", "attachmentRemoved",
            "attachmentUnnamed", "attachmentNameLabel", "remove", "moveUp", "moveDown", "removeNamed");

    private final ItemService items;
    private final DeliveryLedger ledger;
    private final AgencyDirectory agencies;
    private final ChannelPreviews previews;
    private final UiFormat format;
    private final Problems problems;

    ItemPages(ItemService items, DeliveryLedger ledger, AgencyDirectory agencies, ChannelPreviews previews,
            UiFormat format, Problems problems) {
        this.items = items;
        this.ledger = ledger;
        this.agencies = agencies;
        this.previews = previews;
        this.format = format;
        this.problems = problems;
    }

    @GetMapping("/items/new")
    String compose(@RequestParam(required = false) String agency, HubUser user, Model model) {
        List<Agency> visible = agencies.visibleTo(user);
        Agency chosen = visible.stream().filter(a -> a.id().equals(agency)).findFirst()
                .orElse(visible.isEmpty() ? null : visible.get(0));
        if (chosen == null) {
            throw ApiException.forbidden("ui.form.noAgency");
        }
        ItemForm form = new ItemForm();
        form.setAgency(chosen.id());
        form.setChannels(new ArrayList<>(chosen.channels()));
        return form(model, form, null, chosen, user, Map.of(), List.of());
    }

    @PostMapping("/items/new")
    String create(@ModelAttribute("form") ItemForm form, HubUser user, Locale locale, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Agency agency = agencies.find(form.getAgency()).filter(a -> agencies.canAccess(user, a.id()))
                .orElseGet(() -> agencies.visibleTo(user).stream().findFirst().orElse(null));
        if (agency == null) {
            throw ApiException.forbidden("ui.form.noAgency");
        }
        form.setAgency(agency.id());
        Map<String, String> unreadable = new LinkedHashMap<>();
        var request = form.toRequest(format.zone(), unreadable);
        if (!unreadable.isEmpty()) {
            return refused(model, form, null, agency, user, locale, response, unreadableAsProblem(unreadable));
        }
        try {
            Item item = items.create(request, user);
            redirect.addFlashAttribute("notice", problems.message("ui.done.created", locale));
            return "redirect:/items/" + item.id();
        } catch (ApiException refusal) {
            return refused(model, form, null, agency, user, locale, response, refusal);
        }
    }

    @GetMapping("/items/{id}/edit")
    String edit(@PathVariable String id, HubUser user, Model model) {
        Item item = items.get(id, user);
        return form(model, ItemForm.of(item, items.files(item), format.zone()), item, agency(item), user, Map.of(), List.of());
    }

    @PostMapping("/items/{id}/edit")
    String update(@PathVariable String id, @ModelAttribute("form") ItemForm form, HubUser user, Locale locale,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Item item = items.get(id, user);
        Agency agency = agency(item);
        form.setAgency(item.agency());
        if (item.status() == ItemStatus.PUBLISHED) {
            // A published item keeps its channels; the form shows them without letting them change.
            form.setChannels(new ArrayList<>(item.channels()));
        }
        Map<String, String> unreadable = new LinkedHashMap<>();
        var request = form.toRequest(format.zone(), unreadable);
        if (!unreadable.isEmpty()) {
            return refused(model, form, item, agency, user, locale, response, unreadableAsProblem(unreadable));
        }
        try {
            Item updated = items.update(id, request, user);
            redirect.addFlashAttribute("notice", problems.message(
                    updated.version() > item.version() ? "ui.done.updated" : "ui.done.saved", locale));
            return "redirect:/items/" + id;
        } catch (ApiException refusal) {
            return refused(model, form, item, agency, user, locale, response, refusal);
        }
    }

    @GetMapping("/items/{id}")
    String show(@PathVariable String id, HubUser user, Model model) {
        Item item = items.get(id, user);
        Agency agency = agency(item);
        fillDeliveries(model, item, agency, user);
        model.addAttribute("agency", agency);
        model.addAttribute("actions", ItemActions.of(item, agency, user));
        model.addAttribute("history", items.history(id));
        model.addAttribute("files", items.files(item));
        try {
            model.addAttribute("previews", previews.of(items.previewEvent(item)));
        } catch (RuntimeException e) {
            // A preview that cannot be made must not hide the item; the editor is told, the log has the cause.
            log.warn("previews of item {} failed", id, e);
            model.addAttribute("previews", Map.of());
            model.addAttribute("previewsFailed", true);
        }
        return "item";
    }

    /** The deliveries table alone, for the live refresh. */
    @GetMapping("/items/{id}/deliveries")
    String deliveries(@PathVariable String id, HubUser user, Model model) {
        Item item = items.get(id, user);
        Agency agency = agency(item);
        fillDeliveries(model, item, agency, user);
        model.addAttribute("actions", ItemActions.of(item, agency, user));
        return "item :: deliveries";
    }

    @PostMapping("/items/{id}/{action:submit|approve|reject|publish|withdraw}")
    String act(@PathVariable String id, @PathVariable String action, @RequestParam(required = false) String comment,
            HubUser user, Locale locale, RedirectAttributes redirect) {
        String note = comment == null || comment.isBlank() ? null : comment.strip();
        try {
            Item after = switch (action) {
                case "submit" -> items.submit(id, note, user);
                case "approve" -> items.approve(id, note, user);
                case "reject" -> items.reject(id, note, user);
                case "publish" -> items.publish(id, note, user);
                case "withdraw" -> items.withdraw(id, note, user);
                default -> throw new IllegalArgumentException(action);
            };
            redirect.addFlashAttribute("notice", done(action, after, locale));
        } catch (ApiException refusal) {
            if (refusal.status().value() == 404) {
                throw refusal;
            }
            flashRefusal(redirect, refusal, locale);
            redirect.addFlashAttribute("comment", comment);
        }
        return "redirect:/items/" + id;
    }

    @PostMapping("/items/{id}/deliveries/{channel}/retry")
    String retry(@PathVariable String id, @PathVariable String channel, HubUser user, Locale locale,
            RedirectAttributes redirect) {
        try {
            items.retry(id, channel, user);
            redirect.addFlashAttribute("notice", problems.message("ui.done.retry", locale,
                    problems.message("ui.channel." + channel, locale)));
        } catch (ApiException refusal) {
            if (refusal.status().value() == 404 && !Channels.isKnown(channel)) {
                throw refusal;
            }
            flashRefusal(redirect, refusal, locale);
        }
        return "redirect:/items/" + id;
    }

    private String done(String action, Item after, Locale locale) {
        return switch (action) {
            case "submit" -> after.status() == ItemStatus.IN_REVIEW
                    ? problems.message("ui.done.submit", locale, stepLabel(after, locale))
                    : problems.message("ui.done.submitNoReview", locale);
            case "approve" -> after.status() == ItemStatus.IN_REVIEW
                    ? problems.message("ui.done.approveNext", locale, after.reviewStep() + 1, stepLabel(after, locale))
                    : problems.message("ui.done.approveLast", locale);
            case "reject" -> problems.message("ui.done.reject", locale);
            case "publish" -> after.status() == ItemStatus.SCHEDULED
                    ? problems.message("ui.done.scheduled", locale, format.time(after.scheduledAt()))
                    : problems.message("ui.done.publish", locale);
            default -> after.status() == ItemStatus.APPROVED
                    ? problems.message("ui.done.unscheduled", locale)
                    : problems.message("ui.done.withdraw", locale);
        };
    }

    private String stepLabel(Item item, Locale locale) {
        List<String> chain = agency(item).reviewChain();
        if (item.reviewStep() == null || item.reviewStep() >= chain.size()) {
            return "";
        }
        return problems.message("ui.role." + chain.get(item.reviewStep()), locale);
    }

    private void flashRefusal(RedirectAttributes redirect, ApiException refusal, Locale locale) {
        List<String> details = new ArrayList<>();
        String commentError = null;
        for (ApiException.FieldProblem field : refusal.fields()) {
            String message = problems.message(field.messageKey(), locale, field.args());
            if (field.field().equals("comment")) {
                commentError = message;
            } else {
                details.add(fieldLabel(field.field(), locale) + message);
            }
        }
        redirect.addFlashAttribute("error", commentError != null && details.isEmpty() ? commentError
                : problems.message(refusal.messageKey(), locale, refusal.args()));
        redirect.addFlashAttribute("errorDetails", details);
        redirect.addFlashAttribute("commentError", commentError);
        redirect.addFlashAttribute("errorFixable", !details.isEmpty());
    }

    private String fieldLabel(String field, Locale locale) {
        String key = formField(field);
        String label = key == null ? null : problems.message("ui.field." + key, locale);
        return label == null || label.startsWith("ui.field.") ? field + "：" : label.replace(" *", "") + "：";
    }

    private void fillDeliveries(Model model, Item item, Agency agency, HubUser user) {
        List<Delivery> deliveries = ledger.forItem(item.id()).stream()
                .sorted(Comparator.comparingInt(Delivery::version).reversed()
                        .thenComparingInt(d -> Channels.ALL.indexOf(d.channel())))
                .toList();
        List<ChannelState> states = ChannelState.of(item.channels(), deliveries);
        model.addAttribute("item", item);
        model.addAttribute("agencyName", agency.name());
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("states", states);
        model.addAttribute("live", deliveries.stream().anyMatch(d -> format.unsettled(d.status())));
    }

    private String form(Model model, ItemForm form, Item item, Agency agency, HubUser user,
            Map<String, List<String>> errors, List<String> general) {
        model.addAttribute("form", form);
        model.addAttribute("item", item);
        model.addAttribute("agency", agency);
        model.addAttribute("agencies", agencies.visibleTo(user));
        model.addAttribute("allChannels", Channels.ALL);
        model.addAttribute("channelsFixed", item != null && item.status() == ItemStatus.PUBLISHED);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> editorMessages = new LinkedHashMap<>();
        EDITOR_MESSAGES.forEach(key -> editorMessages.put(key, problems.message("ui.editor." + key, locale)));
        model.addAttribute("editorMessages", editorMessages);
        return "compose";
    }

    private String refused(Model model, ItemForm form, Item item, Agency agency, HubUser user, Locale locale,
            HttpServletResponse response, ApiException refusal) {
        response.setStatus(refusal.status().value());
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        general.add(problems.message(refusal.messageKey(), locale, refusal.args()));
        for (ApiException.FieldProblem field : refusal.fields()) {
            String message = problems.message(field.messageKey(), locale, field.args());
            String key = formField(field.field());
            if (key == null) {
                general.add(field.field() + "：" + message);
            } else {
                errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
            }
        }
        return form(model, form, item, agency, user, errors, general);
    }

    private static ApiException unreadableAsProblem(Map<String, String> unreadable) {
        return ApiException.invalid(unreadable.entrySet().stream()
                .map(e -> new ApiException.FieldProblem(e.getKey(), e.getValue()))
                .toList());
    }

    /** The form field a finding of the item service belongs to, or null when the form has no such field. */
    static String formField(String field) {
        if (field.equals("channels") || field.startsWith("channels[")) {
            return "channels";
        }
        if (field.equals("attachments") || field.startsWith("attachments[")) {
            return "attachments";
        }
        if (field.equals("overrides.wechat") || field.equals("overrides.wechat.digest")) {
            return "wechatDigest";
        }
        if (field.equals("overrides.weibo") || field.equals("overrides.weibo.text")) {
            return "weiboText";
        }
        return FORM_FIELDS.contains(field) ? field : null;
    }

    private Agency agency(Item item) {
        return agencies.find(item.agency())
                .orElseThrow(() -> ApiException.conflict("agency.unknown", item.agency()));
    }
}
