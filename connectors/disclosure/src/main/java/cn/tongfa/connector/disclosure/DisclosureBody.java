package cn.tongfa.connector.disclosure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The body as the disclosure column shows it. Its images stay at the hub's public addresses
 * ({@link ItemSnapshot.Media#url()}): they are public once the item is published, which it is when this channel
 * delivers, and the platform is another site, so a copy would have to live somewhere it can reach anyway. An image
 * given by the hub's path ({@code /media/{id}}) is made absolute, as the platform cannot resolve the hub's paths;
 * an {@code <img>} that is not one of the item's images is dropped.
 */
final class DisclosureBody {

    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SRC = Pattern.compile("\\ssrc\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SRCSET = Pattern.compile("\\ssrcset\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'>]+)",
            Pattern.CASE_INSENSITIVE);

    private DisclosureBody() {
    }

    static String of(ItemSnapshot item) {
        String html = item.bodyHtml();
        if (html == null || !html.toLowerCase(Locale.ROOT).contains("<img")) {
            return html;
        }
        Matcher tags = IMG.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (tags.find()) {
            String tag = tags.group();
            Matcher src = SRC.matcher(tag);
            ItemSnapshot.Media image = null;
            if (src.find()) {
                String value = src.group(2) != null ? src.group(2) : src.group(3) != null ? src.group(3) : src.group(4);
                image = item.image(value.replace("&amp;", "&"));
            }
            String replacement = "";
            if (image != null) {
                replacement = tag.substring(0, src.start()) + " src=\"" + escape(image.url()) + "\""
                        + tag.substring(src.end());
                replacement = SRCSET.matcher(replacement).replaceAll("");
            }
            tags.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        tags.appendTail(out);
        return out.toString();
    }

    private static String escape(String url) {
        return url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
