package cn.tongfa.hub.content;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import cn.tongfa.connector.api.Channels;

/**
 * The limits each channel sets on the item's text, checked before review so that an item never fails for them
 * at publication. The numbers are the ones the connectors enforce ({@code WechatArticle}, {@code WeiboPost});
 * the hub's features may not depend on channel modules, hence the copies.
 *
 * <ul>
 * <li>Every channel: a title that is not blank.</li>
 * <li>Portal and disclosure column: title at most {@value #TITLE_MAX} characters.</li>
 * <li>WeChat: the title (override {@code title}, else the item's) at most {@value #WECHAT_TITLE_MAX}; the digest
 * (override {@code digest}, else the summary) at most {@value #WECHAT_DIGEST_MAX}; the author override at most
 * {@value #WECHAT_AUTHOR_MAX}.</li>
 * <li>Weibo: the editor's text (override {@code text}), a space and the portal link at most
 * {@value #WEIBO_MAX}, counting every code point as one (stricter than Weibo, which counts two ASCII characters
 * as one) and assuming the text does not already contain the link; no {@code #}, which Weibo reads as a topic.
 * Without an override the connector composes and fits the text itself; a title too long for that is a note
 * ({@link #notes}), not a problem, because the connector shortens it.</li>
 * </ul>
 * Every message about one channel opens with the channel's name and the problem carries the channel, so that an
 * item refused for several channels reads as one line per channel.
 */
final class ChannelLimits {

    static final int TITLE_MAX = 200;
    static final int WECHAT_TITLE_MAX = 32;
    static final int WECHAT_DIGEST_MAX = 128;
    static final int WECHAT_AUTHOR_MAX = 16;
    static final int WEIBO_MAX = 140;

    List<ContentProblem> check(ContentInput input) {
        List<ContentProblem> problems = new ArrayList<>();
        List<String> channels = input.channels();
        if (channels.isEmpty()) {
            problems.add(new ContentProblem("channels", ContentProblem.CHANNELS_EMPTY, "请至少选择一个发布渠道"));
            return problems;
        }
        for (String channel : channels) {
            if (!Channels.isKnown(channel)) {
                problems.add(new ContentProblem("channels", ContentProblem.CHANNEL_UNKNOWN, "“" + channel
                        + "”不是发布渠道，请从门户网站、政府信息公开专栏、微信公众号、微博中选择"));
            }
        }
        List<String> known = Channels.ALL.stream().filter(channels::contains).toList();
        if (known.isEmpty()) {
            return problems;
        }
        String title = input.title() == null ? "" : Texts.trim(input.title());
        if (title.isEmpty()) {
            problems.add(new ContentProblem("title", ContentProblem.TITLE_REQUIRED,
                    "标题不能为空：" + labels(known) + "都需要标题，请填写标题"));
        }
        for (String channel : List.of(Channels.PORTAL, Channels.DISCLOSURE)) {
            if (known.contains(channel) && Texts.length(title) > TITLE_MAX) {
                problems.add(new ContentProblem("title", ContentProblem.TITLE_TOO_LONG, Channels.label(channel)
                        + "：标题不能超过" + TITLE_MAX + "个字，当前" + Texts.length(title) + "个字，请缩短标题", channel));
            }
        }
        if (known.contains(Channels.WECHAT)) {
            wechat(input, title, problems);
        }
        if (known.contains(Channels.WEIBO)) {
            weibo(input, problems);
        }
        return problems;
    }

    private static void wechat(ContentInput input, String title, List<ContentProblem> problems) {
        String titleOverride = nonBlank(input.override(Channels.WECHAT, "title"));
        if (titleOverride != null) {
            int length = Texts.length(Texts.trim(titleOverride));
            if (length > WECHAT_TITLE_MAX) {
                problems.add(new ContentProblem("overrides.wechat.title", ContentProblem.WECHAT_TITLE_TOO_LONG,
                        "微信公众号：标题不能超过" + WECHAT_TITLE_MAX + "个字，当前" + length + "个字，请缩短",
                        Channels.WECHAT));
            }
        } else if (Texts.length(title) > WECHAT_TITLE_MAX) {
            problems.add(new ContentProblem("title", ContentProblem.WECHAT_TITLE_TOO_LONG,
                    "微信公众号：文章标题不能超过" + WECHAT_TITLE_MAX + "个字，当前标题" + Texts.length(title)
                            + "个字：请缩短标题，或在微信公众号设置中另填一个不超过" + WECHAT_TITLE_MAX + "个字的标题",
                    Channels.WECHAT));
        }
        String digestOverride = nonBlank(input.override(Channels.WECHAT, "digest"));
        if (digestOverride != null) {
            int length = Texts.length(Texts.collapse(digestOverride));
            if (length > WECHAT_DIGEST_MAX) {
                problems.add(new ContentProblem("overrides.wechat.digest", ContentProblem.WECHAT_DIGEST_TOO_LONG,
                        "微信公众号：摘要不能超过" + WECHAT_DIGEST_MAX + "个字，当前" + length + "个字，请缩短",
                        Channels.WECHAT));
            }
        } else if (nonBlank(input.summary()) != null) {
            int length = Texts.length(Texts.collapse(input.summary()));
            if (length > WECHAT_DIGEST_MAX) {
                problems.add(new ContentProblem("summary", ContentProblem.WECHAT_DIGEST_TOO_LONG,
                        "微信公众号：摘要将用作文章摘要，不能超过" + WECHAT_DIGEST_MAX + "个字，当前" + length
                                + "个字：请缩短摘要，或在微信公众号设置中另填一个不超过" + WECHAT_DIGEST_MAX + "个字的摘要",
                        Channels.WECHAT));
            }
        }
        String author = nonBlank(input.override(Channels.WECHAT, "author"));
        if (author != null && Texts.length(Texts.trim(author)) > WECHAT_AUTHOR_MAX) {
            problems.add(new ContentProblem("overrides.wechat.author", ContentProblem.WECHAT_AUTHOR_TOO_LONG,
                    "微信公众号：作者不能超过" + WECHAT_AUTHOR_MAX + "个字，当前" + Texts.length(Texts.trim(author))
                            + "个字，请缩短", Channels.WECHAT));
        }
    }

    private static void weibo(ContentInput input, List<ContentProblem> problems) {
        int budget = WEIBO_MAX - 1 - input.portalLinkLength();
        if (budget < 1) {
            problems.add(new ContentProblem("channels", ContentProblem.WEIBO_LINK_TOO_LONG, "微博：门户网站链接有"
                    + input.portalLinkLength() + "个字符，放不进" + WEIBO_MAX + "字的微博：请联系管理员缩短门户网站地址，或不选微博渠道",
                    Channels.WEIBO));
            return;
        }
        String text = nonBlank(input.override(Channels.WEIBO, "text"));
        if (text == null) {
            return;
        }
        int length = Texts.length(Texts.collapse(text));
        if (length > budget) {
            problems.add(new ContentProblem("overrides.weibo.text", ContentProblem.WEIBO_TEXT_TOO_LONG,
                    "微博：文字连同门户网站链接（按" + input.portalLinkLength() + "个字计）不能超过" + WEIBO_MAX
                            + "个字，当前文字" + length + "个字，请删减到" + budget + "个字以内", Channels.WEIBO));
        }
        if (text.indexOf('#') >= 0 || text.indexOf('＃') >= 0) {
            problems.add(new ContentProblem("overrides.weibo.text", ContentProblem.WEIBO_TOPIC,
                    "微博：文字不能含“#”（微博会把#…#当作话题），请删除“#”", Channels.WEIBO));
        }
    }

    /**
     * What the editor should know but need not fix: a Weibo post composed from a title longer than the post has
     * room for shows the title shortened (the connector cuts it with an ellipsis, keeping the link whole).
     */
    List<ContentProblem> notes(ContentInput input) {
        if (!input.channels().contains(Channels.WEIBO) || !Texts.blank(input.override(Channels.WEIBO, "text"))) {
            return List.of();
        }
        String title = input.title() == null ? "" : Texts.collapse(input.title());
        // The post reads 【title】summary, a space and the link; WeiboPost drops the brackets when they do not fit.
        int room = WEIBO_MAX - 1 - input.portalLinkLength();
        int length = Texts.length(title);
        if (room < 2 || length <= room) {
            return List.of();
        }
        return List.of(new ContentProblem("title", ContentProblem.WEIBO_TITLE_SHORTENED, "微博：标题有" + length
                + "个字，连同门户网站链接（按" + input.portalLinkLength() + "个字计）超出微博的" + WEIBO_MAX + "字，发布时将截短为"
                + (room - 1) + "个字加省略号；如需完整表述，请缩短标题，或在微博设置中填写不超过" + room + "个字的微博文字",
                Channels.WEIBO));
    }

    private static String labels(List<String> channels) {
        return channels.stream().map(Channels::label).collect(Collectors.joining("、"));
    }

    private static String nonBlank(String value) {
        return Texts.blank(value) ? null : value;
    }
}
