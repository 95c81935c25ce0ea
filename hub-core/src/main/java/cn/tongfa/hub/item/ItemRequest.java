package cn.tongfa.hub.item;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/items} and {@code PUT /api/v1/items/{id}} (API.md). Checked by
 * {@link ItemValidator} and the content checks.
 *
 * @param coverMediaId         an image of the agency's media library, or null
 * @param attachments          the agency's media in the order readers see them, each a media id or {id, name}
 * @param personalDataReviewed the editor confirms that personal data found in the item may be published
 */
public record ItemRequest(
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
        List<AttachmentRef> attachments,
        OffsetDateTime scheduledAt,
        Boolean personalDataReviewed) {
}
