package cn.tongfa.hub.item;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * An item as stored.
 *
 * @param reviewStep           while IN_REVIEW, the index of the review step that decides next; else null
 * @param personalDataReviewed the editor confirmed that personal data found in the item may be published
 */
public record Item(
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
        Instant scheduledAt,
        ItemStatus status,
        int version,
        Integer reviewStep,
        boolean personalDataReviewed,
        String indexNo,
        String portalUrl,
        String portalPath,
        Instant publishedAt,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    Item withStatus(ItemStatus newStatus, Integer step, Instant at) {
        return new Item(id, agency, title, summary, bodyHtml, category, docType, docNumber, writtenOn, channels,
                overrides, coverMediaId, attachments, scheduledAt, newStatus, version, step, personalDataReviewed,
                indexNo, portalUrl, portalPath, publishedAt, createdBy, createdAt, at);
    }

    Item published(ItemStatus newStatus, String newIndexNo, String url, String path, Instant at) {
        return new Item(id, agency, title, summary, bodyHtml, category, docType, docNumber, writtenOn, channels,
                overrides, coverMediaId, attachments, scheduledAt, newStatus, version, null, personalDataReviewed,
                newIndexNo, url, path, at, createdBy, createdAt, at);
    }

    /** The item with another cover and attachments (media ids, in order). */
    Item withMedia(String newCoverMediaId, List<String> newAttachments) {
        return new Item(id, agency, title, summary, bodyHtml, category, docType, docNumber, writtenOn, channels,
                overrides, newCoverMediaId, List.copyOf(newAttachments), scheduledAt, status, version, reviewStep,
                personalDataReviewed, indexNo, portalUrl, portalPath, publishedAt, createdBy, createdAt, updatedAt);
    }

    /** The item with new content; {@code newVersion} is the same while unpublished, one more after. */
    Item edited(String newTitle, String newSummary, String newBody, String newCategory, String newDocType,
            String newDocNumber, LocalDate newWrittenOn, List<String> newChannels,
            Map<String, Map<String, String>> newOverrides, Instant newScheduledAt, boolean newPersonalDataReviewed,
            int newVersion, ItemStatus newStatus, Instant at) {
        return new Item(id, agency, newTitle, newSummary, newBody, newCategory, newDocType, newDocNumber,
                newWrittenOn, newChannels, newOverrides, coverMediaId, attachments, newScheduledAt, newStatus,
                newVersion, null, newPersonalDataReviewed, indexNo, portalUrl, portalPath, publishedAt, createdBy,
                createdAt, at);
    }
}
