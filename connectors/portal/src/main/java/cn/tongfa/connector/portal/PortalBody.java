package cn.tongfa.connector.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The body's references to the hub's media, read and rewritten. The body is the hub's sanitised HTML: every image
 * is one of {@link ItemSnapshot#images()}, referenced by its public URL (or the hub's path {@code /media/{id}}).
 * An {@code <img>} that is not one of them is dropped, never fetched; a link to one of the item's media files is
 * pointed at the page's copy of it, like the images.
 */
final class PortalBody {

    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANCHOR = Pattern.compile("<a\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SRC = attribute("src");
    private static final Pattern HREF = attribute("href");
    // A srcset would name other files than the one copied: it goes.
    private static final Pattern SRCSET = attribute("srcset");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|quot|lt|gt|apos);");

    private PortalBody() {
    }

    /** The item's body images that its body shows, in the order they first appear. */
    static List<ItemSnapshot.Media> images(ItemSnapshot item) {
        String html = item.bodyHtml();
        if (html == null || item.images().isEmpty() || !containsImg(html)) {
            return List.of();
        }
        Map<String, ItemSnapshot.Media> found = new LinkedHashMap<>();
        Matcher img = IMG.matcher(html);
        while (img.find()) {
            ItemSnapshot.Media media = item.image(value(SRC, img.group()));
            if (media != null) {
                found.putIfAbsent(media.id(), media);
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * The body with each known image's {@code src}, and each link to one of the item's media, set to
     * {@code href.apply(media)}; unknown images removed.
     */
    static String rewrite(ItemSnapshot item, Function<ItemSnapshot.Media, String> href) {
        String html = item.bodyHtml();
        if (html == null) {
            return null;
        }
        boolean images = containsImg(html);
        boolean links = html.contains("href") && (!item.attachments().isEmpty() || !item.images().isEmpty());
        if (!images && !links) {
            return html;
        }
        if (images) {
            html = replaceTags(IMG, html, tag -> {
                ItemSnapshot.Media media = item.image(value(SRC, tag));
                if (media == null) {
                    return "";
                }
                return remove(SRCSET, set(SRC, tag, href.apply(media)));
            });
        }
        if (links) {
            html = replaceTags(ANCHOR, html, tag -> {
                ItemSnapshot.Media media = linked(item, value(HREF, tag));
                return media == null ? tag : set(HREF, tag, href.apply(media));
            });
        }
        return html;
    }

    private static ItemSnapshot.Media linked(ItemSnapshot item, String url) {
        if (url == null) {
            return null;
        }
        String wanted = url.strip();
        for (ItemSnapshot.Media attachment : item.attachments()) {
            if (wanted.equals(attachment.url()) || wanted.equals("/media/" + attachment.id())) {
                return attachment;
            }
        }
        return item.image(wanted);
    }

    private static boolean containsImg(String html) {
        int at = html.indexOf('<');
        while (at >= 0 && at + 4 <= html.length()) {
            if (html.regionMatches(true, at + 1, "img", 0, 3)) {
                return true;
            }
            at = html.indexOf('<', at + 1);
        }
        return false;
    }

    private static String replaceTags(Pattern tags, String html, Function<String, String> replace) {
        Matcher matcher = tags.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 64);
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replace.apply(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Pattern attribute(String name) {
        return Pattern.compile("\\s" + name + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))",
                Pattern.CASE_INSENSITIVE);
    }

    /** An attribute's value, its character references decoded; null when the tag has none. */
    static String value(Pattern attribute, String tag) {
        Matcher matcher = attribute.matcher(tag);
        if (!matcher.find()) {
            return null;
        }
        String raw = matcher.group(2) != null ? matcher.group(2)
                : matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
        return decode(raw);
    }

    private static String set(Pattern attribute, String tag, String value) {
        Matcher matcher = attribute.matcher(tag);
        if (!matcher.find()) {
            return tag;
        }
        String name = matcher.group().substring(1, matcher.group().indexOf('=')).strip();
        return tag.substring(0, matcher.start()) + " " + name + "=\"" + PortalPage.escape(value) + "\""
                + tag.substring(matcher.end());
    }

    private static String remove(Pattern attribute, String tag) {
        return attribute.matcher(tag).replaceAll("");
    }

    private static String decode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher matcher = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String entity = matcher.group(1);
            String decoded = switch (entity) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "lt" -> "<";
                case "gt" -> ">";
                case "apos" -> "'";
                default -> {
                    boolean hex = entity.charAt(1) == 'x' || entity.charAt(1) == 'X';
                    try {
                        yield new String(Character.toChars(Integer.parseInt(entity.substring(hex ? 2 : 1),
                                hex ? 16 : 10)));
                    } catch (IllegalArgumentException e) {
                        yield matcher.group();
                    }
                }
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
