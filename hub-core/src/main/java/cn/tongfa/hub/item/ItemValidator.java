package cn.tongfa.hub.item;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.content.ContentProblem;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ApiException.FieldProblem;

/**
 * Checks a new item against the contract and the agency's configuration, collecting every problem at once
 * so an editor fixes them in one pass.
 *
 * <p>A title too long to be stored is answered with each chosen channel's own reason (门户网站, 政府信息公开专栏,
 * 微信公众号 and 微博 each with its limit), not with a bare length: the item is refused here, before anything is
 * stored, and the editor learns what every channel needs. Shorter titles that break a channel's limit are stored
 * as drafts and stopped at submission by the content checks.
 */
final class ItemValidator {

    static final int TITLE_MAX = 200;
    static final int SUMMARY_MAX = 2000;
    static final int SHORT_MAX = 100;
    static final int DOC_NUMBER_MAX = 200;
    static final int BODY_MAX = 1_000_000;
    /** Every agency publishes its annual report (条例第四十九条), whether or not its catalogue lists the category. */
    static final String ANNUAL_REPORT_CATEGORY = "年度报告";

    private final AgencyDirectory agencies;
    private final ItemContent content;
    private final ItemMedia media;

    ItemValidator(AgencyDirectory agencies, ItemContent content, ItemMedia media) {
        this.agencies = agencies;
        this.content = content;
        this.media = media;
    }

    /** Answers the agency and the channels the item goes to, or throws with every problem found. */
    Validated validate(ItemRequest request, HubUser user) {
        List<FieldProblem> problems = new ArrayList<>();
        Agency agency = null;
        if (blank(request.agency())) {
            problems.add(new FieldProblem("agency", "field.required"));
        } else if (agencies.find(request.agency()).isEmpty()) {
            problems.add(new FieldProblem("agency", "agency.unknown", request.agency()));
        } else if (!agencies.canAccess(user, request.agency())) {
            throw ApiException.forbidden("agency.forbidden", request.agency());
        } else {
            agency = agencies.find(request.agency()).orElseThrow();
        }
        boolean titleTooLong = !blank(request.title()) && length(request.title()) > TITLE_MAX;
        if (!titleTooLong) {
            required(problems, "title", request.title(), TITLE_MAX);
        }
        required(problems, "bodyHtml", request.bodyHtml(), BODY_MAX);
        optional(problems, "summary", request.summary(), SUMMARY_MAX);
        optional(problems, "docType", request.docType(), SHORT_MAX);
        optional(problems, "docNumber", request.docNumber(), DOC_NUMBER_MAX);

        List<String> channels = request.channels();
        if (channels != null) {
            if (channels.isEmpty()) {
                problems.add(new FieldProblem("channels", "channels.empty"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < channels.size(); i++) {
                String channel = channels.get(i);
                String field = "channels[" + i + "]";
                if (!Channels.isKnown(channel)) {
                    problems.add(new FieldProblem(field, "channel.unknown", channel));
                } else if (!seen.add(channel)) {
                    problems.add(new FieldProblem(field, "channel.duplicate", channel));
                } else if (agency != null && !agency.channels().contains(channel)) {
                    problems.add(new FieldProblem(field, "channel.notConfigured", channel,
                            String.join("、", agency.channels())));
                }
            }
        }
        List<String> chosen = channels == null
                ? (agency == null ? List.of() : agency.channels())
                : Channels.ALL.stream().filter(channels::contains).toList();

        if (titleTooLong) {
            problems.addAll(titlePerChannel(request, chosen));
        }
        if (request.overrides() != null) {
            for (String channel : request.overrides().keySet()) {
                if (!Channels.isKnown(channel)) {
                    problems.add(new FieldProblem("overrides." + channel, "channel.unknown", channel));
                } else if (channels != null && !chosen.contains(channel)) {
                    problems.add(new FieldProblem("overrides." + channel, "overrides.unknownChannel", channel));
                }
            }
        }
        if (agency != null && !blank(request.category()) && !agency.categories().contains(request.category())
                && !ANNUAL_REPORT_CATEGORY.equals(request.category())) {
            problems.add(new FieldProblem("category", "category.unknown", request.category(),
                    String.join("、", agency.categories())));
        }
        // Cover, attachments and body images: the agency's own media (another agency's id is unknown here).
        problems.addAll(media.problems(request, agency == null ? null : agency.id()));
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return new Validated(agency, chosen);
    }

    record Validated(Agency agency, List<String> channels) {
    }

    /** Every chosen channel's problems with the item's text; the bare length when no channel is known. */
    private List<FieldProblem> titlePerChannel(ItemRequest request, List<String> channels) {
        List<FieldProblem> problems = new ArrayList<>();
        List<String> known = channels.stream().filter(Channels::isKnown).toList();
        if (!known.isEmpty()) {
            for (ContentProblem problem : content.channelPreflight(request, known)) {
                problems.add(problem.channel() == null
                        ? new FieldProblem(problem.field(), "content.problem", problem.message())
                        : FieldProblem.ofChannel(problem.channel(), problem.field(), "content.problem",
                                problem.message()));
            }
        }
        if (problems.stream().noneMatch(problem -> problem.field().equals("title"))) {
            problems.add(new FieldProblem("title", "field.tooLong", TITLE_MAX, length(request.title())));
        }
        return problems;
    }

    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    private static void required(List<FieldProblem> problems, String field, String value, int max) {
        if (blank(value)) {
            problems.add(new FieldProblem(field, "field.required"));
        } else {
            optional(problems, field, value, max);
        }
    }

    private static void optional(List<FieldProblem> problems, String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            problems.add(new FieldProblem(field, "field.tooLong", max, value.codePointCount(0, value.length())));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
