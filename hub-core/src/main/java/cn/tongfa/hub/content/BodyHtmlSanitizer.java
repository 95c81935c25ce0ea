package cn.tongfa.hub.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.owasp.html.CssSchema;
import org.owasp.html.ElementPolicy;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The allow-list of HTML a government article may carry. What is not listed is removed: {@code script} and
 * {@code style} elements with their content, event handlers ({@code on*}), {@code javascript:} and {@code data:}
 * URLs (images included), iframes from hosts not configured.
 *
 * <ul>
 * <li>Structure and formatting: {@code p br h1–h6 strong b em i u s sub sup blockquote ul ol li span div}; tables
 * ({@code table caption thead tbody tfoot tr th td}, {@code colspan}/{@code rowspan} as small numbers).</li>
 * <li>{@code a href}: http, https, mailto or relative; {@code target} only {@code _blank} or {@code _self}, and a
 * link with a target gets {@code rel="noopener noreferrer"}.</li>
 * <li>{@code img src}: http, https or relative (such as {@code /media/{id}}), with {@code alt}, {@code title},
 * numeric {@code width}/{@code height}; an image whose source is refused goes entirely.</li>
 * <li>{@code style} on any kept element, reduced to {@code text-align}, {@code font-weight} and
 * {@code text-indent}: 公文 paragraphs are indented with {@code <p style="text-indent:2em">}, so paragraphs and
 * cells need it as much as {@code span} and {@code div}.</li>
 * <li>{@code align} (left, center, right, justify) on blocks and cells: older Word and WPS HTML, and tables pasted
 * from them, centre a title or a column that way rather than with a style.</li>
 * <li>{@code iframe}: only when its {@code src} is an http(s) or protocol-relative URL whose host is exactly one
 * of the configured hosts (no subdomains implied); none by default.</li>
 * </ul>
 *
 * <p>The OWASP encoder writes every full-width form (U+FF00–U+FFEF) as a character reference, lest a
 * downstream NFKC normaliser turn {@code ＜} into {@code <}. That would make every Chinese comma, colon and
 * bracket (，：（）) eight characters long, which WeChat counts against its 20,000-character limit and which
 * plain-text extraction downstream does not decode; so the output carries those characters literally again,
 * except the full-width forms of {@code " & ' + < = > @ `}, which stay encoded.
 *
 * <p>Thread-safe: the compiled policy is immutable.
 */
final class BodyHtmlSanitizer {

    private static final Pattern SPAN = Pattern.compile("[1-9][0-9]{0,2}");
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,4}(px|%)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final Pattern FULL_WIDTH_REFERENCE = Pattern.compile("&#x(ff[0-9a-f]{2});");
    private static final String KEEP_ENCODED = "\uff02\uff06\uff07\uff0b\uff1c\uff1d\uff1e\uff20\uff40";
    private static final Set<String> STYLES = Set.of("text-align", "font-weight", "text-indent");

    private final Set<String> iframeHosts;
    private final PolicyFactory policy;

    BodyHtmlSanitizer(Collection<String> iframeHosts) {
        this.iframeHosts = iframeHosts.stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        HtmlPolicyBuilder builder = new HtmlPolicyBuilder()
                .allowElements("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
                        "sub", "sup", "blockquote", "ul", "ol", "li", "span", "div")
                // A bare <span> is harmless; dropping it would only raise a warning the editor cannot act on.
                .allowWithoutAttributes("span")
                .allowElements("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td")
                .allowAttributes("colspan", "rowspan").matching(SPAN).onElements("th", "td")
                .allowAttributes("align").matching(true, "left", "center", "right", "justify")
                .onElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "caption", "tr", "th", "td")
                .allowElements("a")
                .allowAttributes("href").onElements("a")
                .allowAttributes("target").matching(true, "_blank", "_self").onElements("a")
                .allowUrlProtocols("http", "https", "mailto")
                .allowElements(requiring("src"), "img")
                .allowAttributes("src").matching(BodyHtmlSanitizer::isWebOrRelative).onElements("img")
                .allowAttributes("alt", "title").onElements("img")
                .allowAttributes("width", "height").matching(SIZE).onElements("img")
                .allowStyling(CssSchema.withProperties(STYLES));
        if (!this.iframeHosts.isEmpty()) {
            builder.allowElements(requiring("src"), "iframe")
                    .allowAttributes("src").matching(this::isAllowedFrame).onElements("iframe")
                    .allowAttributes("width", "height").matching(SIZE).onElements("iframe")
                    .allowAttributes("title", "allowfullscreen").onElements("iframe");
        }
        this.policy = builder.toFactory();
    }

    SanitizedHtml sanitize(String html) {
        if (html == null || html.isEmpty()) {
            return new SanitizedHtml("", List.of());
        }
        Map<String, int[]> removed = new LinkedHashMap<>();
        String result = policy.sanitize(html, new HtmlChangeListener<Map<String, int[]>>() {
            @Override
            public void discardedTag(Map<String, int[]> context, String elementName) {
                context.computeIfAbsent(elementName, k -> new int[1])[0]++;
            }

            @Override
            public void discardedAttributes(Map<String, int[]> context, String tagName, String... attributeNames) {
                for (String attribute : attributeNames) {
                    context.computeIfAbsent(tagName + " " + attribute, k -> new int[1])[0]++;
                }
            }
        }, removed);
        List<SanitizedHtml.Removal> removals = new ArrayList<>();
        removed.forEach((key, count) -> {
            int space = key.indexOf(' ');
            removals.add(space < 0
                    ? new SanitizedHtml.Removal(key, null, count[0])
                    : new SanitizedHtml.Removal(key.substring(0, space), key.substring(space + 1), count[0]));
        });
        return new SanitizedHtml(literalFullWidth(result), removals);
    }

    private static String literalFullWidth(String html) {
        return FULL_WIDTH_REFERENCE.matcher(html).replaceAll(reference -> {
            char c = (char) Integer.parseInt(reference.group(1), 16);
            return KEEP_ENCODED.indexOf(c) >= 0 ? reference.group() : Matcher.quoteReplacement(String.valueOf(c));
        });
    }

    /** Drops the element when the attribute policies left it without the attribute it cannot do without. */
    private static ElementPolicy requiring(String attribute) {
        return (elementName, attrs) -> {
            for (int i = 0; i < attrs.size(); i += 2) {
                if (attrs.get(i).equals(attribute)) {
                    return elementName;
                }
            }
            return null;
        };
    }

    private static boolean isWebOrRelative(String url) {
        var scheme = SCHEME.matcher(url.strip());
        if (!scheme.find()) {
            return true;
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        return name.equals("http") || name.equals("https");
    }

    private boolean isAllowedFrame(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
                return false;
            }
            return uri.getHost() != null && iframeHosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
