package cn.tongfa.hub.item;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.audit.AuditLog;
import cn.tongfa.hub.delivery.Delivery;
import cn.tongfa.hub.delivery.DeliveryLedger;
import cn.tongfa.hub.outbox.Outbox;
import cn.tongfa.hub.review.Decision;
import cn.tongfa.hub.review.ReviewHistory;
import cn.tongfa.hub.web.ApiException;

/**
 * Items and their workflow: draft → review chain (先审后公开) → publication (now or scheduled) → updates and
 * withdrawal, with every step recorded in the review history and the audit log, in the same transaction as
 * the change itself and its outbox event.
 */
@Service
public class ItemService {

    private static final Logger log = LoggerFactory.getLogger(ItemService.class);

    private final ItemRepository items;
    private final AgencyDirectory agencies;
    private final ItemValidator validator;
    private final ItemContent content;
    private final Outbox outbox;
    private final DeliveryLedger ledger;
    private final ReviewHistory history;
    private final AuditLog audit;
    private final HubSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private final IndexSerials serials;
    private final ItemMedia media;

    ItemService(ItemRepository items, AgencyDirectory agencies, ItemContent content, Outbox outbox,
            DeliveryLedger ledger, ReviewHistory history, AuditLog audit, HubSettings settings, Clock clock,
            MeterRegistry registry, IndexSerials serials, ItemMedia media) {
        this.items = items;
        this.serials = serials;
        this.agencies = agencies;
        this.media = media;
        this.validator = new ItemValidator(agencies, content, media);
        this.content = content;
        this.outbox = outbox;
        this.ledger = ledger;
        this.history = history;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    @Transactional
    public Item create(ItemRequest request, HubUser user) {
        ItemValidator.Validated valid = validator.validate(request, user);
        require(user, "create", Roles.EDITOR, Roles.ADMIN);
        Instant now = now();
        ItemContent.Checked checked = content.prepare(request, valid.channels(), false, user);
        Item item = new Item(ItemIds.next(clock), valid.agency().id(), request.title().strip(),
                blankToNull(request.summary()), checked.bodyHtml(), blankToNull(request.category()),
                blankToNull(request.docType()), blankToNull(request.docNumber()), request.writtenOn(),
                valid.channels(), overrides(request), null, List.of(),
                request.scheduledAt() == null ? null : request.scheduledAt().toInstant(), ItemStatus.DRAFT, 1, null,
                Boolean.TRUE.equals(request.personalDataReviewed()), null, null, null, null, user.username(), now,
                now);
        List<ItemMedia.Link> links = media.links(request, item.agency(), item.bodyHtml());
        item = withMedia(item, links);
        items.insert(item);
        media.replace(item.id(), links, false);
        audit.record(user.username(), item.agency(), "CREATE", item.id(), item.title());
        counter("tongfa.items.accepted", item.agency()).increment();
        return item;
    }

    /**
     * Edits a draft or a rejected item in place; edits a published item as a new version that goes to its
     * channels as an update.
     */
    @Transactional
    public Item update(String id, ItemRequest request, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        ItemRequest scoped = new ItemRequest(item.agency(), request.title(), request.summary(), request.bodyHtml(),
                request.category(), request.docType(), request.docNumber(), request.writtenOn(), request.channels(),
                request.overrides(), request.coverMediaId(), request.attachments(), request.scheduledAt(),
                request.personalDataReviewed());
        ItemValidator.Validated valid = validator.validate(scoped, user);
        Instant now = now();
        boolean reviewed = Boolean.TRUE.equals(request.personalDataReviewed());
        Instant scheduledAt = request.scheduledAt() == null ? null : request.scheduledAt().toInstant();
        switch (item.status()) {
            case DRAFT, REJECTED -> {
                require(user, "edit", Roles.EDITOR, Roles.ADMIN);
                ItemContent.Checked checked = content.prepare(scoped, valid.channels(), false, user);
                Item edited = item.edited(request.title().strip(), blankToNull(request.summary()), checked.bodyHtml(),
                        blankToNull(request.category()), blankToNull(request.docType()),
                        blankToNull(request.docNumber()), request.writtenOn(), valid.channels(), overrides(request),
                        scheduledAt, reviewed, item.version(), item.status(), now);
                List<ItemMedia.Link> links = media.links(scoped, item.agency(), edited.bodyHtml());
                edited = withMedia(edited, links);
                items.update(edited);
                media.replace(id, links, usesMedia(item));
                audit.record(user.username(), item.agency(), "EDIT", id, edited.title());
                return edited;
            }
            case PUBLISHED -> {
                requirePublisher(user, agency, "update");
                if (!valid.channels().equals(item.channels())) {
                    throw ApiException.conflict("item.update.channels");
                }
                ItemContent.Checked checked = content.prepare(scoped, valid.channels(), true, user);
                Item edited = item.edited(request.title().strip(), blankToNull(request.summary()), checked.bodyHtml(),
                        blankToNull(request.category()), blankToNull(request.docType()),
                        blankToNull(request.docNumber()), request.writtenOn(), item.channels(), overrides(request),
                        item.scheduledAt(), reviewed, item.version() + 1, ItemStatus.PUBLISHED, now);
                List<ItemMedia.Link> links = media.links(scoped, item.agency(), edited.bodyHtml());
                edited = withMedia(edited, links);
                items.update(edited);
                media.replace(id, links, usesMedia(item));
                send(edited, agency, ItemAction.UPDATE, edited.channels(), now);
                ledger.expect(edited.id(), edited.agency(), edited.version(), ItemAction.UPDATE, edited.channels(),
                        now);
                history.add(id, new Decision(edited.version(), null, null, "UPDATED", user.username(), null, now));
                audit.record(user.username(), item.agency(), "UPDATE", id, "version " + edited.version());
                return edited;
            }
            default -> throw ApiException.conflict("item.wrongState", item.status().label(), "修改");
        }
    }

    /** Sends a draft (or a rejected item) to the first review step; without a review chain it is approved. */
    @Transactional
    public Item submit(String id, String comment, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        require(user, "submit", Roles.EDITOR, Roles.ADMIN);
        if (item.status() != ItemStatus.DRAFT && item.status() != ItemStatus.REJECTED) {
            throw ApiException.conflict("item.wrongState", item.status().label(), "提交审核");
        }
        content.recheck(item, false);
        Instant now = now();
        boolean noReview = agency.reviewChain().isEmpty();
        Item submitted = item.withStatus(noReview ? ItemStatus.APPROVED : ItemStatus.IN_REVIEW, noReview ? null : 0,
                now);
        items.update(submitted);
        history.add(id, new Decision(item.version(), null, null, "SUBMITTED", user.username(), comment, now));
        audit.record(user.username(), item.agency(), "SUBMIT", id, comment);
        return submitted;
    }

    /** The current review step approves; after the last step the item is APPROVED. */
    @Transactional
    public Item approve(String id, String comment, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        String role = currentStepRole(item, agency, user, "approve");
        Instant now = now();
        int step = item.reviewStep();
        boolean last = step + 1 >= agency.reviewChain().size();
        Item approved = item.withStatus(last ? ItemStatus.APPROVED : ItemStatus.IN_REVIEW, last ? null : step + 1,
                now);
        items.update(approved);
        history.add(id, new Decision(item.version(), step, role, "APPROVED", user.username(), comment, now));
        audit.record(user.username(), item.agency(), "APPROVE", id, "step " + (step + 1) + " " + role
                + (comment == null ? "" : ": " + comment));
        return approved;
    }

    /** The current review step sends the item back to its editor, with the reason. */
    @Transactional
    public Item reject(String id, String comment, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        String role = currentStepRole(item, agency, user, "reject");
        if (comment == null || comment.isBlank()) {
            throw ApiException.invalid(List.of(new ApiException.FieldProblem("comment", "review.commentRequired")));
        }
        Instant now = now();
        Item rejected = item.withStatus(ItemStatus.REJECTED, null, now);
        items.update(rejected);
        history.add(id, new Decision(item.version(), item.reviewStep(), role, "REJECTED", user.username(), comment,
                now));
        audit.record(user.username(), item.agency(), "REJECT", id, comment);
        return rejected;
    }

    /**
     * Publishes an approved item now, or schedules it when its {@code scheduledAt} lies ahead. An agency without
     * a review chain may publish a draft directly.
     */
    @Transactional
    public Item publish(String id, String comment, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        boolean directDraft = agency.reviewChain().isEmpty()
                && (item.status() == ItemStatus.DRAFT || item.status() == ItemStatus.REJECTED);
        if (!directDraft && item.status() == ItemStatus.DRAFT) {
            throw ApiException.conflict("item.publish.needsReview", chainLabel(agency));
        }
        if (!directDraft && item.status() != ItemStatus.APPROVED) {
            throw ApiException.conflict("item.wrongState", item.status().label(), "发布");
        }
        requirePublisher(user, agency, "publish");
        content.recheck(item, true);
        Instant now = now();
        if (item.scheduledAt() != null && item.scheduledAt().isAfter(now)) {
            Item scheduled = item.withStatus(ItemStatus.SCHEDULED, null, now);
            items.update(scheduled);
            history.add(id, new Decision(item.version(), null, null, "SCHEDULED", user.username(), comment, now));
            audit.record(user.username(), item.agency(), "SCHEDULE", id, "at " + item.scheduledAt());
            return scheduled;
        }
        history.add(id, new Decision(item.version(), null, null, "PUBLISHED", user.username(), comment, now));
        Item published = release(item, agency, now);
        audit.record(user.username(), item.agency(), "PUBLISH", id, published.indexNo());
        return published;
    }

    /** Publishes the scheduled items whose time has come. Answers how many it published. */
    @Transactional
    public int publishDue() {
        int published = 0;
        for (String id : items.dueScheduled(now(), 100)) {
            Item item = items.lock(id).orElseThrow();
            if (item.status() == ItemStatus.SCHEDULED) {
                Instant now = now();
                history.add(id, new Decision(item.version(), null, null, "PUBLISHED", "system", "定时发布", now));
                Item released = release(item, agency(item), now);
                audit.record("system", item.agency(), "PUBLISH", id, released.indexNo() + " (scheduled)");
                published++;
            }
        }
        return published;
    }

    /** Takes a published (or scheduled) item off every channel that allows it. */
    @Transactional
    public Item withdraw(String id, String comment, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        requirePublisher(user, agency, "withdraw");
        Instant now = now();
        if (item.status() == ItemStatus.SCHEDULED) {
            Item back = item.withStatus(ItemStatus.APPROVED, null, now);
            items.update(back);
            history.add(id, new Decision(item.version(), null, null, "UNSCHEDULED", user.username(), comment, now));
            audit.record(user.username(), item.agency(), "UNSCHEDULE", id, comment);
            return back;
        }
        if (item.status() != ItemStatus.PUBLISHED) {
            throw ApiException.conflict("item.wrongState", item.status().label(), "撤回");
        }
        Item withdrawn = item.withStatus(ItemStatus.WITHDRAWN, null, now);
        items.update(withdrawn);
        send(withdrawn, agency, ItemAction.WITHDRAW, withdrawn.channels(), now);
        history.add(id, new Decision(item.version(), null, null, "WITHDRAWN", user.username(), comment, now));
        audit.record(user.username(), item.agency(), "WITHDRAW", id, comment);
        return withdrawn;
    }

    /** Sends a failed (or unconfirmed) delivery of the item's latest version to its channel again. */
    @Transactional
    public Item retry(String id, String channel, HubUser user) {
        Item item = lock(id, user);
        Agency agency = agency(item);
        require(user, "retry", Roles.OPERATOR, Roles.ADMIN, Roles.EDITOR);
        if (!Channels.isKnown(channel) || !item.channels().contains(channel)) {
            throw ApiException.notFound("delivery.notFound", channel);
        }
        Delivery delivery = ledger.forItem(id).stream()
                .filter(d -> d.channel().equals(channel) && d.version() == item.version())
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("delivery.notFound", channel));
        if (!delivery.status().equals("FAILED") && !delivery.status().equals("UNCONFIRMED")) {
            throw ApiException.conflict("delivery.notRetriable", delivery.status());
        }
        Instant now = now();
        ItemAction action = ItemAction.valueOf(delivery.action());
        ledger.retry(id, channel, item.version(), now);
        send(item, agency, action, List.of(channel), now);
        audit.record(user.username(), item.agency(), "RETRY", id, channel + " v" + item.version());
        return item;
    }

    public Item get(String id, HubUser user) {
        return items.find(id).filter(item -> agencies.canAccess(user, item.agency()))
                .orElseThrow(() -> ApiException.notFound("item.notFound", id));
    }

    public List<Decision> history(String id) {
        return history.of(id);
    }

    public Page<Item> search(ItemFilter filter, HubUser user, int page, int size) {
        List<String> visible;
        if (filter.agency() != null) {
            if (agencies.find(filter.agency()).isEmpty()) {
                throw ApiException.notFound("agency.unknown", filter.agency());
            }
            if (!agencies.canAccess(user, filter.agency())) {
                throw ApiException.forbidden("agency.forbidden", filter.agency());
            }
            visible = List.of(filter.agency());
        } else {
            visible = user.isCityAdmin() ? null : user.agency() == null ? List.of() : List.of(user.agency());
        }
        List<Item> content = items.search(filter, visible, page * size, size);
        return new Page<>(content, page, size, items.countMatching(filter, visible));
    }

    /** One page of results. */
    public record Page<T>(List<T> content, int page, int size, long total) {
    }

    /**
     * Publishes in the caller's transaction. The 索引号 serial comes from {@link IndexSerials}, which moves the
     * agency's counter in a transaction of its own: publications of one agency do not wait for each other's commit.
     */
    private Item release(Item item, Agency agency, Instant now) {
        if (item.publishedAt() == null) {
            ledger.expectFirst(item.id(), item.agency(), item.version(), item.channels(), now);
        } else {
            ledger.expect(item.id(), item.agency(), item.version(), ItemAction.PUBLISH, item.channels(), now);
        }
        ZoneId zone = settings.zone();
        int year = now.atZone(zone).getYear();
        String indexNo = item.indexNo() != null ? item.indexNo()
                : agency.indexNo(year, serials.next(agency.id(), year));
        PortalAddress address = PortalAddress.of(settings.portalBaseUrl(), agency.id(), item.id(), now, zone);
        Item published = item.published(ItemStatus.PUBLISHED, indexNo, address.url(), address.path(), now);
        items.markPublished(published);
        send(published, agency, ItemAction.PUBLISH, published.channels(), now);
        counter("tongfa.items.published", published.agency()).increment();
        log.info("item {} of {} published as {} to {}", published.id(), published.agency(), indexNo,
                published.channels());
        return published;
    }

    private void send(Item item, Agency agency, ItemAction action, List<String> channels, Instant now) {
        outbox.add(new ItemEvent(UUID.randomUUID().toString(), action, item.id(), item.version(), item.agency(),
                channels, snapshot(item, agency), now));
    }

    private Item lock(String id, HubUser user) {
        return items.lock(id).filter(found -> agencies.canAccess(user, found.agency()))
                .orElseThrow(() -> ApiException.notFound("item.notFound", id));
    }

    private Agency agency(Item item) {
        return agencies.find(item.agency()).orElseThrow(() -> ApiException.conflict("agency.unknown", item.agency()));
    }

    /** The role of the item's current review step, if the user may act on it; else 403 or 409. */
    private String currentStepRole(Item item, Agency agency, HubUser user, String action) {
        if (item.status() != ItemStatus.IN_REVIEW || item.reviewStep() == null
                || item.reviewStep() >= agency.reviewChain().size()) {
            throw ApiException.conflict("item.wrongState", item.status().label(),
                    action.equals("approve") ? "审核通过" : "退回");
        }
        String role = agency.reviewChain().get(item.reviewStep());
        if (!user.hasRole(role)) {
            throw ApiException.forbidden("review.wrongRole", Roles.label(role), item.reviewStep() + 1);
        }
        if (item.createdBy().equals(user.username())) {
            throw ApiException.forbidden("review.ownItem");
        }
        return role;
    }

    /** Publishing, updating and withdrawing: APPROVER or ADMIN; EDITOR too where the agency reviews nothing. */
    private static void requirePublisher(HubUser user, Agency agency, String action) {
        if (agency.reviewChain().isEmpty()) {
            require(user, action, Roles.APPROVER, Roles.ADMIN, Roles.EDITOR);
        } else {
            require(user, action, Roles.APPROVER, Roles.ADMIN);
        }
    }

    private static void require(HubUser user, String action, String... roles) {
        if (!user.hasAnyRole(roles)) {
            throw ApiException.forbidden("item.forbidden", action,
                    String.join("、", java.util.Arrays.stream(roles).map(Roles::label).toList()));
        }
    }

    private static String chainLabel(Agency agency) {
        return String.join(" → ", agency.reviewChain().stream().map(Roles::label).toList());
    }

    /**
     * The event the channels would receive if the item were published now: for an unpublished item the
     * 索引号 is a placeholder and the portal address the one it would get today.
     */
    public ItemEvent previewEvent(Item item) {
        Agency agency = agency(item);
        Instant now = now();
        Item shown = item;
        if (item.publishedAt() == null) {
            PortalAddress address = PortalAddress.of(settings.portalBaseUrl(), agency.id(), item.id(), now,
                    settings.zone());
            String indexNo = agency.indexNoPreview(now.atZone(settings.zone()).getYear(), "（发布时生成）");
            shown = item.published(item.status(), indexNo, address.url(), address.path(), now);
        }
        return new ItemEvent("preview", ItemAction.PUBLISH, shown.id(), shown.version(), shown.agency(),
                shown.channels(), snapshot(shown, agency), now);
    }

    /**
     * The item as its channels get it. Media carry their public address and one signed for the connectors
     * ({@code tongfa.media.signed-url-validity}), and body images are referenced by their public address.
     */
    private ItemSnapshot snapshot(Item item, Agency agency) {
        ItemMedia.SnapshotMedia files = usesMedia(item) ? media.snapshot(item.id(), item.bodyHtml())
                : new ItemMedia.SnapshotMedia(null, List.of(), List.of(), item.bodyHtml());
        return new ItemSnapshot(item.title(), item.summary(), files.bodyHtml(), item.category(), item.docType(),
                item.docNumber(), item.writtenOn(), item.indexNo(), agency.name(), item.portalUrl(),
                item.portalPath(), item.publishedAt().atZone(settings.zone()).toOffsetDateTime(), null,
                files.attachments(), item.overrides(), files.cover(), files.images());
    }

    /** The item's cover and attachments, for the compose and item pages. */
    public ItemFiles files(Item item) {
        return ItemFiles.of(mediaView(item));
    }

    /** What the item answer shows of the item's media. */
    ItemMedia.View mediaView(Item item) {
        return usesMedia(item) ? media.view(item.id()) : ItemMedia.View.NONE;
    }

    /** Whether the item may have rows in item_media: most have none, and then nothing is read. */
    private static boolean usesMedia(Item item) {
        return item.coverMediaId() != null || !item.attachments().isEmpty()
                || (item.bodyHtml() != null && item.bodyHtml().contains("/media/"));
    }

    private static Item withMedia(Item item, List<ItemMedia.Link> links) {
        String cover = links.stream().filter(link -> link.role().equals(ItemMedia.COVER)).findFirst()
                .map(link -> link.file().id()).orElse(null);
        List<String> attachments = links.stream().filter(link -> link.role().equals(ItemMedia.ATTACHMENT))
                .map(link -> link.file().id()).toList();
        return item.withMedia(cover, attachments);
    }

    private Instant now() {
        // The databases keep microseconds; keeping the same precision here makes stored and returned times equal.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Counter counter(String name, String agency) {
        return Counter.builder(name).tag("agency", agency).register(registry);
    }

    private static Map<String, Map<String, String>> overrides(ItemRequest request) {
        return request.overrides() == null ? Map.of() : request.overrides();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
