package cn.tongfa.hub.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.web.ApiException;

/**
 * Brings the external images of an item's body into the agency's media library when the item is saved, so
 * that nothing downstream (the portal, the connectors) ever fetches an address an editor typed: every absolute
 * http(s) {@code <img src>} that is not the hub's own {@code /media/{id}} is fetched through the
 * {@link GuardedFetcher}, stored, and the source rewritten to {@code /media/{id}}.
 *
 * <p>All or nothing: every image is fetched before any is stored, and any image that cannot be imported makes
 * the save fail with one field error on {@code bodyHtml} per image (so the editor fixes them in one pass). The
 * same URL twice in one body is fetched once. Runs on the sanitised body, whose {@code <img>} elements the
 * sanitiser writes in one canonical form ({@code src="…"}, entities for {@code & " < >}).
 */
@Component
public class ExternalImages {

    private static final Logger log = LoggerFactory.getLogger(ExternalImages.class);

    private static final Pattern IMG_SRC = Pattern.compile("(<img\\b[^>]*?\\ssrc=\")([^\"]*)(\")",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OWN_MEDIA = Pattern.compile("/media/([0-9A-Za-z_-]{1,32})(?:[?#].*)?");
    private static final Pattern WEB = Pattern.compile("(?i)(https?:)?//.*");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);");

    private final GuardedFetcher fetcher;
    private final ImageSink sink;
    private final ImportSettings settings;
    private final String publicUrl;

    public ExternalImages(GuardedFetcher fetcher, ImageSink sink, ImportSettings settings, HubSettings hub) {
        this.fetcher = fetcher;
        this.sink = sink;
        this.settings = settings;
        this.publicUrl = hub.publicUrl();
    }

    /**
     * The body with its external images imported for the agency and their sources rewritten; the hub's own
     * absolute media addresses are written as {@code /media/{id}} too.
     *
     * @throws ApiException invalid, one {@code bodyHtml} problem per image that cannot be imported; nothing is
     *                      stored then
     */
    public String importInto(String agency, HubUser user, String sanitizedHtml) {
        if (sanitizedHtml == null || sanitizedHtml.indexOf("<img") < 0) {
            return sanitizedHtml;
        }
        Set<String> external = new LinkedHashSet<>();
        Matcher images = IMG_SRC.matcher(sanitizedHtml);
        while (images.find()) {
            String src = decode(images.group(2)).strip();
            if (ownMedia(src) == null && WEB.matcher(src).matches()) {
                external.add(src);
            }
        }
        if (external.size() > settings.maxImages()) {
            throw ApiException.invalid(List.of(new ApiException.FieldProblem("bodyHtml", "content.problem",
                    "正文中有 " + external.size() + " 张外部图片，一次最多导入 " + settings.maxImages()
                            + " 张：请先把图片上传到媒体库再插入正文")));
        }
        Map<String, String> imported = external.isEmpty() ? Map.of() : fetchAndStore(agency, user, external);
        return IMG_SRC.matcher(sanitizedHtml).replaceAll(match -> {
            String src = decode(match.group(2)).strip();
            String own = ownMedia(src);
            String id = own != null ? own : imported.get(src);
            return id == null ? Matcher.quoteReplacement(match.group())
                    : Matcher.quoteReplacement(match.group(1) + "/media/" + id + match.group(3));
        });
    }

    private Map<String, String> fetchAndStore(String agency, HubUser user, Set<String> urls) {
        Map<String, FetchedImage> fetched = new LinkedHashMap<>();
        List<ApiException.FieldProblem> problems = new ArrayList<>();
        try {
            for (String url : urls) {
                try {
                    fetched.put(url, fetcher.fetchImage(url.startsWith("//") ? "https:" + url : url));
                } catch (FetchRefused refused) {
                    // An address inside is what an SSRF attempt looks like: operators should see who tried.
                    if (refused.reason() == FetchRefused.Reason.FORBIDDEN) {
                        log.warn("external image refused for {} of {}: {} points inside", user == null ? "-"
                                : user.username(), agency, printable(url));
                    }
                    problems.add(problem(url, refused));
                }
            }
            if (!problems.isEmpty()) {
                throw ApiException.invalid(problems);
            }
            Map<String, String> ids = new LinkedHashMap<>();
            fetched.forEach((url, image) -> {
                try {
                    ids.put(url, sink.store(agency, user, image));
                    log.info("external image {} imported for {} as media {}", printable(url), agency, ids.get(url));
                } catch (FetchRefused refused) {
                    problems.add(problem(url, refused));
                }
            });
            if (!problems.isEmpty()) {
                // Rows stored so far roll back with the item's transaction.
                throw ApiException.invalid(problems);
            }
            return ids;
        } finally {
            fetched.values().forEach(FetchedImage::close);
        }
    }

    private static ApiException.FieldProblem problem(String url, FetchRefused refused) {
        // The fetcher names the URL it was given; the editor wrote the protocol-relative form.
        String message = url.startsWith("//") ? refused.getMessage().replaceFirst(Pattern.quote("https:" + url),
                Matcher.quoteReplacement(url)) : refused.getMessage();
        return new ApiException.FieldProblem("bodyHtml", "content.problem", message);
    }

    /** The URL as a log line may carry it: no line breaks or other control characters of an editor's making. */
    private static String printable(String url) {
        String shown = url.length() > 300 ? url.substring(0, 300) + "…" : url;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** The media id when {@code src} is the hub's own {@code /media/{id}}, relative or under the public URL. */
    private String ownMedia(String src) {
        String path = src;
        if (src.toLowerCase(Locale.ROOT).startsWith(publicUrl.toLowerCase(Locale.ROOT) + "/media/")) {
            path = src.substring(publicUrl.length());
        }
        Matcher own = OWN_MEDIA.matcher(path);
        return own.matches() ? own.group(1) : null;
    }

    static String decode(String attribute) {
        if (attribute.indexOf('&') < 0) {
            return attribute;
        }
        return ENTITY.matcher(attribute).replaceAll(entity -> {
            String name = entity.group(1);
            String text = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> {
                    int code = name.charAt(1) == 'x' || name.charAt(1) == 'X'
                            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                    yield Character.isValidCodePoint(code) ? Character.toString(code) : entity.group();
                }
            };
            return Matcher.quoteReplacement(text);
        });
    }
}
