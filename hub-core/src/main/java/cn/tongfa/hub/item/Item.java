package cn.tongfa.hub.item;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** An item as stored. */
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
        String indexNo,
        String portalUrl,
        String portalPath,
        Instant publishedAt,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    Item published(ItemStatus newStatus, String newIndexNo, String url, String path, Instant at) {
        return new Item(id, agency, title, summary, bodyHtml, category, docType, docNumber, writtenOn, channels,
                overrides, coverMediaId, attachments, scheduledAt, newStatus, version, newIndexNo, url, path, at,
                createdBy, createdAt, at);
    }
}
