package cn.tongfa.hub.item;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.delivery.DeliveryLedger;
import cn.tongfa.hub.outbox.Outbox;
import cn.tongfa.hub.web.ApiException;

/** Creating, publishing and reading items. */
@Service
public class ItemService {

    private static final Logger log = LoggerFactory.getLogger(ItemService.class);

    private final ItemRepository items;
    private final AgencyDirectory agencies;
    private final ItemValidator validator;
    private final Outbox outbox;
    private final DeliveryLedger ledger;
    private final HubSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;

    ItemService(ItemRepository items, AgencyDirectory agencies, Outbox outbox, DeliveryLedger ledger,
            HubSettings settings, Clock clock, MeterRegistry registry) {
        this.items = items;
        this.agencies = agencies;
        this.validator = new ItemValidator(agencies);
        this.outbox = outbox;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    @Transactional
    public Item create(ItemRequest request, HubUser user) {
        ItemValidator.Validated valid = validator.validate(request, user);
        Instant now = clock.instant();
        Item item = new Item(ItemIds.next(clock), valid.agency().id(), request.title().strip(),
                blankToNull(request.summary()), request.bodyHtml(), blankToNull(request.category()),
                blankToNull(request.docType()), blankToNull(request.docNumber()), request.writtenOn(),
                valid.channels(), request.overrides() == null ? Map.of() : request.overrides(), null, List.of(),
                request.scheduledAt() == null ? null : request.scheduledAt().toInstant(), ItemStatus.DRAFT, 1,
                null, null, null, null, user.username(), now, now);
        items.insert(item);
        counter("tongfa.items.accepted", item.agency()).increment();
        return item;
    }

    /**
     * Publishes an item now, or schedules it when its {@code scheduledAt} lies ahead. For now an agency
     * without a review chain publishes drafts directly; other agencies publish approved items.
     */
    @Transactional
    public Item publish(String id, HubUser user) {
        Item item = items.lock(id).filter(found -> agencies.canAccess(user, found.agency()))
                .orElseThrow(() -> ApiException.notFound("item.notFound", id));
        Agency agency = agencies.find(item.agency()).orElseThrow();
        boolean directDraft = item.status() == ItemStatus.DRAFT && agency.reviewChain().isEmpty();
        if (item.status() == ItemStatus.DRAFT && !directDraft) {
            throw ApiException.conflict("item.publish.needsReview", String.join(" → ", agency.reviewChain()));
        }
        if (!directDraft && item.status() != ItemStatus.APPROVED) {
            throw ApiException.conflict("item.publish.wrongState", item.status().name());
        }
        Instant now = clock.instant();
        if (item.scheduledAt() != null && item.scheduledAt().isAfter(now)) {
            Item scheduled = item.published(ItemStatus.SCHEDULED, null, null, null, null);
            items.markPublished(scheduled);
            return scheduled;
        }
        return release(item, agency, now);
    }

    /** Publishes the scheduled items whose time has come. Answers how many it published. */
    @Transactional
    public int publishDue() {
        int published = 0;
        for (String id : items.dueScheduled(clock.instant(), 100)) {
            Item item = items.lock(id).orElseThrow();
            if (item.status() == ItemStatus.SCHEDULED) {
                release(item, agencies.find(item.agency()).orElseThrow(), clock.instant());
                published++;
            }
        }
        return published;
    }

    private Item release(Item item, Agency agency, Instant now) {
        ZoneId zone = settings.zone();
        int year = now.atZone(zone).getYear();
        String indexNo = String.format("%s/%d-%05d", agency.orgCode(), year,
                items.nextIndexSequence(agency.id(), year));
        PortalAddress address = PortalAddress.of(settings.portalBaseUrl(), agency.id(), item.id(), now, zone);
        Item published = item.published(ItemStatus.PUBLISHED, indexNo, address.url(), address.path(), now);
        items.markPublished(published);
        ItemEvent event = new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, published.id(),
                published.version(), published.agency(), published.channels(), snapshot(published, agency), now);
        outbox.add(event);
        ledger.expect(published.id(), published.agency(), published.version(), ItemAction.PUBLISH,
                published.channels(), now);
        counter("tongfa.items.published", published.agency()).increment();
        log.info("item {} of {} published as {} to {}", published.id(), published.agency(), indexNo,
                published.channels());
        return published;
    }

    public Item get(String id, HubUser user) {
        return items.find(id).filter(item -> agencies.canAccess(user, item.agency()))
                .orElseThrow(() -> ApiException.notFound("item.notFound", id));
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
            visible = user.agency() == null ? null : List.of(user.agency());
        }
        List<Item> content = items.search(filter, visible, page * size, size);
        return new Page<>(content, page, size, items.countMatching(filter, visible));
    }

    /** One page of results. */
    public record Page<T>(List<T> content, int page, int size, long total) {
    }

    private ItemSnapshot snapshot(Item item, Agency agency) {
        return new ItemSnapshot(item.title(), item.summary(), item.bodyHtml(), item.category(), item.docType(),
                item.docNumber(), item.writtenOn(), item.indexNo(), agency.name(), item.portalUrl(),
                item.portalPath(), item.publishedAt().atZone(settings.zone()).toOffsetDateTime(), null, List.of(),
                item.overrides());
    }

    private Counter counter(String name, String agency) {
        return Counter.builder(name).tag("agency", agency).register(registry);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
