package cn.tongfa.hub.item;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import cn.tongfa.hub.delivery.Delivery;
import cn.tongfa.hub.review.Decision;

/** An item as the API returns it (API.md), times in the hub's zone. */
record ItemView(
        String id,
        String agency,
        String title,
        String summary,
        String bodyHtml,
        String category,
        String docType,
        String docNumber,
        LocalDate writtenOn,
        List<String> channels,
        Map<String, Map<String, String>> overrides,
        String coverMediaId,
        List<String> attachments,
        OffsetDateTime scheduledAt,
        String status,
        int version,
        Integer reviewStep,
        boolean personalDataReviewed,
        String indexNo,
        String portalUrl,
        OffsetDateTime publishedAt,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        List<ReviewStep> review,
        List<DeliveryView> deliveries,
        ItemMedia.View media) {

    /**
     * One decision of the item's history (API.md {@code review}: who, when, decision, comment).
     *
     * @param step     1-based review step for approvals and rejections, else null
     * @param role     the step's role, else null
     */
    record ReviewStep(int version, Integer step, String role, String decision, String by, OffsetDateTime at,
            String comment) {
    }

    record DeliveryView(String channel, String status, int version, int attempts, String ref, String url,
            OffsetDateTime deliveredAt, String error) {
    }

    static ItemView of(Item item, List<Decision> history, List<Delivery> deliveries, ZoneId zone) {
        return of(item, history, deliveries, zone, null);
    }

    /** With {@code media}: the files behind {@code coverMediaId}, {@code attachments} and the body's images. */
    static ItemView of(Item item, List<Decision> history, List<Delivery> deliveries, ZoneId zone,
            ItemMedia.View media) {
        return new ItemView(item.id(), item.agency(), item.title(), item.summary(), item.bodyHtml(),
                item.category(), item.docType(), item.docNumber(), item.writtenOn(), item.channels(),
                item.overrides(), item.coverMediaId(), item.attachments(), at(item.scheduledAt(), zone),
                item.status().name(), item.version(), item.reviewStep() == null ? null : item.reviewStep() + 1,
                item.personalDataReviewed(), item.indexNo(), item.portalUrl(), at(item.publishedAt(), zone),
                item.createdBy(), at(item.createdAt(), zone), at(item.updatedAt(), zone),
                history.stream()
                        .map(d -> new ReviewStep(d.version(), d.step() == null ? null : d.step() + 1, d.stepRole(),
                                d.decision(), d.actor(), at(d.at(), zone), d.comment()))
                        .toList(),
                deliveries.stream()
                        .map(d -> new DeliveryView(d.channel(), d.status(), d.version(), d.attempts(), d.ref(),
                                d.url(), at(d.deliveredAt(), zone), d.error()))
                        .toList(),
                media);
    }

    private static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
