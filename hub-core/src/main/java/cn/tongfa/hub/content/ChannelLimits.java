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
 * Without an override the connector composes and fits the text itself.</li>
 * </ul>
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
        List<String> long200 = known.stream()
                .filter(c -> c.equals(Channels.PORTAL) || c.equals(Channels.DISCLOSURE)).toList();
        if (!long200.isEmpty() && Texts.length(title) > TITLE_MAX) {
            problems.add(new ContentProblem("title", ContentProblem.TITLE_TOO_LONG, labels(long200) + "的标题不能超过"
                    + TITLE_MAX + "个字，当前" + Texts.length(title) + "个字，请缩短标题"));
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
                        "微信公众号标题不能超过" + WECHAT_TITLE_MAX + "个字，当前" + length + "个字，请缩短"));
            }
        } else if (Texts.length(title) > WECHAT_TITLE_MAX) {
            problems.add(new ContentProblem("title", ContentProblem.WECHAT_TITLE_TOO_LONG,
                    "微信公众号文章标题不能超过" + WECHAT_TITLE_MAX + "个字，当前标题" + Texts.length(title)
                            + "个字：请缩短标题，或在微信公众号设置中另填一个不超过" + WECHAT_TITLE_MAX + "个字的标题"));
        }
        String digestOverride = nonBlank(input.override(Channels.WECHAT, "digest"));
        if (digestOverride != null) {
            int length = Texts.length(Texts.collapse(digestOverride));
            if (length > WECHAT_DIGEST_MAX) {
                problems.add(new ContentProblem("overrides.wechat.digest", ContentProblem.WECHAT_DIGEST_TOO_LONG,
                        "微信公众号摘要不能超过" + WECHAT_DIGEST_MAX + "个字，当前" + length + "个字，请缩短"));
            }
        } else if (nonBlank(input.summary()) != null) {
            int length = Texts.length(Texts.collapse(input.summary()));
            if (length > WECHAT_DIGEST_MAX) {
                problems.add(new ContentProblem("summary", ContentProblem.WECHAT_DIGEST_TOO_LONG,
                        "摘要将用作微信公众号文章摘要，不能超过" + WECHAT_DIGEST_MAX + "个字，当前" + length
                                + "个字：请缩短摘要，或在微信公众号设置中另填一个不超过" + WECHAT_DIGEST_MAX + "个字的摘要"));
            }
        }
        String author = nonBlank(input.override(Channels.WECHAT, "author"));
        if (author != null && Texts.length(Texts.trim(author)) > WECHAT_AUTHOR_MAX) {
            problems.add(new ContentProblem("overrides.wechat.author", ContentProblem.WECHAT_AUTHOR_TOO_LONG,
                    "微信公众号作者不能超过" + WECHAT_AUTHOR_MAX + "个字，当前" + Texts.length(Texts.trim(author))
                            + "个字，请缩短"));
        }
    }

    private static void weibo(ContentInput input, List<ContentProblem> problems) {
        int budget = WEIBO_MAX - 1 - input.portalLinkLength();
        if (budget < 1) {
            problems.add(new ContentProblem("channels", ContentProblem.WEIBO_LINK_TOO_LONG, "门户网站链接有"
                    + input.portalLinkLength() + "个字符，放不进" + WEIBO_MAX + "字的微博：请联系管理员缩短门户网站地址，或不选微博渠道"));
            return;
        }
        String text = nonBlank(input.override(Channels.WEIBO, "text"));
        if (text == null) {
            return;
        }
        int length = Texts.length(Texts.collapse(text));
        if (length > budget) {
            problems.add(new ContentProblem("overrides.weibo.text", ContentProblem.WEIBO_TEXT_TOO_LONG,
                    "微博文字连同门户网站链接（按" + input.portalLinkLength() + "个字计）不能超过" + WEIBO_MAX
                            + "个字，当前文字" + length + "个字，请删减到" + budget + "个字以内"));
        }
        if (text.indexOf('#') >= 0 || text.indexOf('＃') >= 0) {
            problems.add(new ContentProblem("overrides.weibo.text", ContentProblem.WEIBO_TOPIC,
                    "微博文字不能含“#”（微博会把#…#当作话题），请删除“#”"));
        }
    }

    private static String labels(List<String> channels) {
        return channels.stream().map(Channels::label).collect(Collectors.joining("、"));
    }

    private static String nonBlank(String value) {
        return Texts.blank(value) ? null : value;
    }
}
