package cn.tongfa.connector.wechat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.PermanentDeliveryException;

/**
 * An item in the form a WeChat article takes (图文消息), checked against WeChat's limits so that an item
 * that cannot be published fails with a message an editor can act on, before anything is uploaded.
 *
 * @param title            the title, at most {@value #MAX_TITLE} characters
 * @param author           the author, at most {@value #MAX_AUTHOR} characters, or null
 * @param digest           the digest (摘要), at most {@value #MAX_DIGEST} characters
 * @param content          the body HTML, followed by the list of the item's attachments (附件) when it has some: a
 *                         WeChat article cannot link a file, so readers are sent to 阅读原文 (the portal page) for them
 * @param contentSourceUrl the 阅读原文 link: the item's portal page
 */
public record WechatArticle(String title, String author, String digest, String content, String contentSourceUrl) {

    public static final int MAX_TITLE = 32;
    public static final int MAX_AUTHOR = 16;
    public static final int MAX_DIGEST = 128;
    /** Content must stay below this many characters (and below 1 MB). */
    public static final int MAX_CONTENT_CHARS = 20_000;
    public static final int MAX_CONTENT_BYTES = 1024 * 1024;

    private static final Pattern NON_TEXT = Pattern.compile("(?is)<(script|style)\\b.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0\\u3000]+");

    /** Closes the attachments list: where readers find the files. */
    static final String ATTACHMENTS_HINT = "请点击文末“阅读原文”查看和下载附件。";

    /**
     * Adapts an item. The editor's WeChat overrides ({@code title}, {@code author}, {@code digest}) win over
     * the item's own fields.
     *
     * @param author the account's configured author, used when the editor set none
     * @throws PermanentDeliveryException when the item breaks one of WeChat's limits
     */
    public static WechatArticle of(ItemSnapshot item, String author) throws PermanentDeliveryException {
        String title = firstNonBlank(item.override(Channels.WECHAT, "title"), item.title());
        if (title == null) {
            throw new PermanentDeliveryException(null, "微信公众号文章必须有标题");
        }
        title = title.strip();
        int titleLength = length(title);
        if (titleLength > MAX_TITLE) {
            throw new PermanentDeliveryException(null, "微信公众号文章标题不能超过" + MAX_TITLE + "个字，本文标题有"
                    + titleLength + "个字：请缩短标题，或在微信渠道设置中另填一个不超过" + MAX_TITLE + "个字的标题");
        }
        String byline = firstNonBlank(item.override(Channels.WECHAT, "author"), author);
        if (byline != null && length(byline.strip()) > MAX_AUTHOR) {
            throw new PermanentDeliveryException(null, "微信公众号文章作者不能超过" + MAX_AUTHOR + "个字，当前作者“"
                    + byline.strip() + "”有" + length(byline.strip()) + "个字");
        }
        String body = item.bodyHtml();
        if (body == null || body.isBlank()) {
            throw new PermanentDeliveryException(null, "微信公众号文章正文不能为空");
        }
        String content = body + attachments(item.attachments());
        int contentLength = length(content);
        if (contentLength >= MAX_CONTENT_CHARS
                || content.getBytes(StandardCharsets.UTF_8).length >= MAX_CONTENT_BYTES) {
            throw new PermanentDeliveryException(null, "微信公众号文章正文（含排版代码）须少于" + MAX_CONTENT_CHARS
                    + "字且小于1MB，本文正文有" + contentLength + "字：请精简正文，或只在门户网站发布全文");
        }
        String source = item.portalUrl();
        if (source == null || source.isBlank()) {
            throw new PermanentDeliveryException(null, "条目缺少门户网站链接，无法设置微信文章的“阅读原文”");
        }
        String digest = firstNonBlank(item.override(Channels.WECHAT, "digest"), item.summary(), text(body));
        return new WechatArticle(title, byline == null ? null : byline.strip(), cut(digest, MAX_DIGEST), content,
                source.strip());
    }

    /**
     * The attachments as the article lists them, by the name readers see, numbered in the editor's order; empty
     * without attachments.
     */
    static String attachments(List<ItemSnapshot.Media> attachments) {
        if (attachments.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder("<p><strong>附件：</strong></p>");
        int number = 1;
        for (ItemSnapshot.Media attachment : attachments) {
            String name = attachment.name() == null || attachment.name().isBlank() ? "附件" + number
                    : attachment.name().strip();
            int dot = name.lastIndexOf('.');
            String type = "";
            if (dot > 0 && dot >= name.length() - 6 && dot < name.length() - 1) {
                type = "（" + name.substring(dot + 1).toUpperCase(Locale.ROOT) + "）";
                name = name.substring(0, dot);
            }
            list.append("<p>").append(number++).append(". 《").append(escape(name)).append("》").append(escape(type))
                    .append("</p>");
        }
        return list.append("<p>").append(ATTACHMENTS_HINT).append("</p>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The same article with another body (after its images moved to WeChat's servers). */
    WechatArticle withContent(String newContent) {
        return new WechatArticle(title, author, digest, newContent, contentSourceUrl);
    }

    /** The same article linking another 阅读原文 (a republished version's, see {@code PostLinks}). */
    WechatArticle withContentSourceUrl(String link) {
        return new WechatArticle(title, author, digest, content, link);
    }

    /** The readable text of an HTML fragment, whitespace collapsed. */
    static String text(String html) {
        if (html == null) {
            return "";
        }
        String text = TAG.matcher(NON_TEXT.matcher(html).replaceAll(" ")).replaceAll(" ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        String stripped = SPACE.matcher(text).replaceAll(" ").strip();
        return length(stripped) <= max ? stripped : stripped.substring(0, stripped.offsetByCodePoints(0, max));
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
