package cn.tongfa.hub.item;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.content.ContentCheck;
import cn.tongfa.hub.content.ContentInput;
import cn.tongfa.hub.content.ContentProblem;
import cn.tongfa.hub.content.ContentReport;
import cn.tongfa.hub.content.SanitizedHtml;
import cn.tongfa.hub.fetch.ExternalImages;
import cn.tongfa.hub.web.ApiException;

/**
 * Applies the content checks to items. A draft is only sanitised (an editor may save unfinished work); the
 * full checks (personal data, sensitive words, each channel's limits) run when the item is submitted and
 * again when it is published, so nothing that fails them ever reaches a channel.
 */
@Component
class ItemContent {

    /** The length of a portal link: {@code {agency}/yyyyMM/tyyyyMMdd_{16-char id}.html} under the base URL. */
    private static final int PORTAL_PATH_FIXED = "/202601/t20260101_".length() + 16 + ".html".length();

    private final ContentCheck check;
    private final HubSettings settings;
    private final ExternalImages externalImages;

    ItemContent(ContentCheck check, HubSettings settings, ExternalImages externalImages) {
        this.check = check;
        this.settings = settings;
        this.externalImages = externalImages;
    }

    /** The body as it will be stored, and what the sanitiser removed (to tell the editor). */
    record Checked(String bodyHtml, List<String> warnings) {
    }

    /** Sanitises the body of a draft; with {@code full}, the request must also pass every check. */
    Checked prepare(ItemRequest request, List<String> channels, boolean full) {
        if (full) {
            ContentReport report = check.check(input(request.agency(), request.title(), request.summary(),
                    request.bodyHtml(), channels, request.overrides(), Boolean.TRUE.equals(
                            request.personalDataReviewed()), null));
            refuse(report);
            return new Checked(report.sanitizedBodyHtml(), messages(report.warnings()));
        }
        SanitizedHtml body = check.sanitize(request.bodyHtml());
        return new Checked(body.html(), body.removals().stream().map(ItemContent::describe).toList());
    }

    /**
     * The prepared body with its external images imported into the agency's media library and pointing there
     * ({@link ExternalImages}): on every save, so that no channel ever fetches an address an editor typed.
     */
    Checked withImportedImages(Checked checked, String agency, HubUser user) {
        return new Checked(externalImages.importInto(agency, user, checked.bodyHtml()), checked.warnings());
    }

    /**
     * Each chosen channel's problems with the request's text (limits broken, and what a channel will shorten),
     * one per channel and field, each message opening with the channel's name.
     */
    List<ContentProblem> channelPreflight(ItemRequest request, List<String> channels) {
        return check.channelPreflight(input(request.agency(), request.title(), request.summary(), request.bodyHtml(),
                channels, request.overrides(), Boolean.TRUE.equals(request.personalDataReviewed()), null));
    }

    /** Runs every check on a stored item; refuses with the problems found. */
    void recheck(Item item, boolean forPublication) {
        refuse(check.check(input(item.agency(), item.title(), item.summary(), item.bodyHtml(), item.channels(),
                item.overrides(), item.personalDataReviewed(), item.portalUrl())));
    }

    private ContentInput input(String agency, String title, String summary, String body, List<String> channels,
            Map<String, Map<String, String>> overrides, boolean reviewed, String portalUrl) {
        int linkLength = portalUrl != null ? portalUrl.length()
                : settings.portalBaseUrl().length() + (agency == null ? 0 : agency.length()) + PORTAL_PATH_FIXED;
        return new ContentInput(title, summary, body, channels, overrides, reviewed, linkLength);
    }

    private static void refuse(ContentReport report) {
        if (!report.passed()) {
            throw ApiException.invalid(report.problems().stream()
                    .map(problem -> new ApiException.FieldProblem(problem.field(), "content.problem",
                            problem.message()))
                    .toList());
        }
    }

    private static String describe(SanitizedHtml.Removal removal) {
        return removal.isElement()
                ? "已移除不允许的 <" + removal.element() + "> 元素 " + removal.count() + " 处"
                : "已移除 <" + removal.element() + "> 的不允许属性 " + removal.attribute() + " " + removal.count() + " 处";
    }

    private static List<String> messages(List<ContentProblem> problems) {
        return problems.stream().map(ContentProblem::message).toList();
    }
}
