package cn.tongfa.hub.item;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.content.AttachmentText;
import cn.tongfa.hub.content.AttachmentTexts;
import cn.tongfa.hub.content.ContentCheck;
import cn.tongfa.hub.content.ContentInput;
import cn.tongfa.hub.content.ContentProblem;
import cn.tongfa.hub.content.ContentReport;
import cn.tongfa.hub.content.ImageFact;
import cn.tongfa.hub.content.SanitizedHtml;
import cn.tongfa.hub.fetch.ExternalImages;
import cn.tongfa.hub.media.MediaFile;
import cn.tongfa.hub.media.MediaLibrary;
import cn.tongfa.hub.web.ApiException;

/**
 * Applies the content checks to items. A draft is only sanitised (an editor may save unfinished work); the
 * full checks (personal data, sensitive words, each channel's limits, for text and images) run when the item is
 * submitted and again when it is published, so nothing that fails them ever reaches a channel. Every save, draft
 * or not, imports the body's external images ({@link ExternalImages}).
 */
@Component
class ItemContent {

    /** The length of a portal link: {@code {agency}/yyyyMM/tyyyyMMdd_{16-char id}.html} under the base URL. */
    private static final int PORTAL_PATH_FIXED = "/202601/t20260101_".length() + 16 + ".html".length();
    /** A body image as the sanitised, imported body writes it. */
    private static final Pattern BODY_MEDIA = Pattern.compile("<img\\b[^>]*?\\ssrc=\"/media/([0-9A-Za-z_-]{1,32})\"");

    private final ContentCheck check;
    private final HubSettings settings;
    private final ItemMedia itemMedia;
    private final AttachmentTexts texts;
    private final ExternalImages externalImages;
    private final MediaLibrary library;

    ItemContent(ContentCheck check, HubSettings settings, ItemMedia itemMedia, AttachmentTexts texts,
            ExternalImages externalImages, MediaLibrary library) {
        this.check = check;
        this.settings = settings;
        this.itemMedia = itemMedia;
        this.texts = texts;
        this.externalImages = externalImages;
        this.library = library;
    }

    /** The body as it will be stored, and what the sanitiser removed (to tell the editor). */
    record Checked(String bodyHtml, List<String> warnings) {
    }

    /**
     * Sanitises the body and imports its external images for {@code user}; with {@code full}, the request must
     * also pass every check (text first, so that a refused item fetches nothing; images after the import).
     */
    Checked prepare(ItemRequest request, List<String> channels, boolean full, HubUser user) {
        if (full) {
            ContentReport report = check.check(input(request.agency(), request.title(), request.summary(),
                    request.bodyHtml(), channels, request.overrides(), Boolean.TRUE.equals(
                            request.personalDataReviewed()), null).withAttachments(attachments(
                                    itemMedia.links(request, request.agency(), null))));
            refuse(report.problems());
            String body = externalImages.importInto(request.agency(), user, report.sanitizedBodyHtml());
            refuse(check.imagePreflight(channels, images(request.agency(), request.coverMediaId(), body)));
            return new Checked(body, messages(report.warnings()));
        }
        SanitizedHtml body = check.sanitize(request.bodyHtml());
        return new Checked(externalImages.importInto(request.agency(), user, body.html()),
                body.removals().stream().map(ItemContent::describe).toList());
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
        List<ContentProblem> problems = new ArrayList<>(check.check(input(item.agency(), item.title(), item.summary(),
                item.bodyHtml(), item.channels(), item.overrides(), item.personalDataReviewed(), item.portalUrl())
                .withAttachments(attachments(item.attachments().isEmpty() ? List.of() : itemMedia.of(item.id()))))
                .problems());
        problems.addAll(check.imagePreflight(item.channels(), images(item.agency(), item.coverMediaId(),
                item.bodyHtml())));
        refuse(problems);
    }

    /** The text of the attachments among the links, in order, each under the name the item shows. */
    private List<AttachmentText> attachments(List<ItemMedia.Link> links) {
        return links.stream().filter(link -> link.role().equals(ItemMedia.ATTACHMENT))
                .map(link -> texts.of(link.file(), link.shownName())).toList();
    }

    /**
     * The facts of the item's images for the channels' pre-flight, from the media library: the cover, then the
     * body's {@code /media/{id}} images in order. Ids the agency does not have are left to the item's validation.
     */
    private List<ImageFact> images(String agency, String coverMediaId, String body) {
        List<ImageFact> facts = new ArrayList<>();
        if (coverMediaId != null && !coverMediaId.isBlank()) {
            fact(agency, coverMediaId, ImageFact.Role.COVER).ifPresent(facts::add);
        }
        Set<String> ids = new LinkedHashSet<>();
        Matcher images = BODY_MEDIA.matcher(body == null ? "" : body);
        while (images.find()) {
            ids.add(images.group(1));
        }
        ids.forEach(id -> fact(agency, id, ImageFact.Role.BODY).ifPresent(facts::add));
        return facts;
    }

    private Optional<ImageFact> fact(String agency, String id, ImageFact.Role role) {
        return library.find(id, agency).filter(MediaFile::isImage).map(file -> new ImageFact(role,
                file.originalName(), file.contentType(), file.size(), file.width(), file.height(),
                "image/gif".equals(file.contentType()) && animated(file)));
    }

    private boolean animated(MediaFile file) {
        try (InputStream bytes = library.open(file)) {
            return GifFrames.isAnimated(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("media " + file.id(), e);
        }
    }

    private ContentInput input(String agency, String title, String summary, String body, List<String> channels,
            Map<String, Map<String, String>> overrides, boolean reviewed, String portalUrl) {
        int linkLength = portalUrl != null ? portalUrl.length()
                : settings.portalBaseUrl().length() + (agency == null ? 0 : agency.length()) + PORTAL_PATH_FIXED;
        return new ContentInput(title, summary, body, channels, overrides, reviewed, linkLength);
    }

    private static void refuse(List<ContentProblem> problems) {
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.stream()
                    .map(problem -> problem.channel() == null
                            ? new ApiException.FieldProblem(problem.field(), "content.problem", problem.message())
                            : ApiException.FieldProblem.ofChannel(problem.channel(), problem.field(),
                                    "content.problem", problem.message()))
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
