package cn.tongfa.connector.weibo;

import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PostLinks;

/**
 * Weibo's form of an item: one status text that links to the item's portal page.
 *
 * <p>The text is the editor's override ({@code overrides.weibo.text}) with the portal link appended when the
 * editor left it out, else 【title】summary and the link. It is fitted to {@value #MAX_LENGTH} characters
 * counting every code point as one, which is stricter than Weibo's own count (two ASCII characters count one),
 * so a fitted text is never refused as too long; the link is always kept whole because Weibo refuses a status
 * without a link to the app's safe domain. {@code #} is removed: it would turn text into topics. The link is the
 * event's ({@link PostLinks#of}): the portal page, with the version when a new version replaces an older post.
 *
 * @param text the status text
 * @param link the portal link the text carries
 */
public record WeiboPost(String text, String link) {

    /** Weibo's limit in characters. */
    public static final int MAX_LENGTH = 140;

    private static final String ELLIPSIS = "…";

    /**
     * Adapts the event's item.
     *
     * @throws IllegalArgumentException when the item has no portal link, or the link alone does not fit
     */
    public static WeiboPost of(ItemEvent event) {
        ItemSnapshot item = event.item();
        String link = PostLinks.of(event);
        if (link == null) {
            throw new IllegalArgumentException("该信息没有门户网站链接，微博必须带链接才能发布");
        }
        String page = item.portalUrl().strip();
        int budget = MAX_LENGTH - length(link) - 1;
        if (budget < 1) {
            throw new IllegalArgumentException("门户网站链接过长，放不进 140 字的微博：" + link);
        }
        String override = item.override("weibo", "text");
        if (override != null) {
            String text = clean(override);
            if (text.contains(link) && length(text) <= MAX_LENGTH) {
                return new WeiboPost(text, link);
            }
            // The editor may have pasted the page's own link: the post carries the event's link instead.
            String rest = clean(text.replace(link, " ").replace(page, " "));
            return new WeiboPost(join(truncate(rest, budget), link), link);
        }
        String title = clean(item.title() == null ? "" : item.title());
        String summary = clean(item.summary() == null ? "" : item.summary());
        String headline = "【" + title + "】";
        String body;
        if (length(headline) > budget) {
            body = truncate(title, budget);
        } else {
            body = headline + truncate(summary, budget - length(headline));
        }
        return new WeiboPost(join(body, link), link);
    }

    /** The text's length counting every code point as one character. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String join(String body, String link) {
        return body.isEmpty() ? link : body + " " + link;
    }

    // Collapses runs of white space: line breaks and indentation from the summary waste the 140 characters.
    private static String clean(String text) {
        return text.replace("#", "").replaceAll("\\s+", " ").strip();
    }

    private static String truncate(String text, int max) {
        if (max <= 0) {
            return "";
        }
        if (length(text) <= max) {
            return text;
        }
        int end = text.offsetByCodePoints(0, max - 1);
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }
}
