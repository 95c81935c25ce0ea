package cn.tongfa.hub.connector;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.disclosure.DisclosureEntry;
import cn.tongfa.connector.portal.PortalPage;
import cn.tongfa.connector.wechat.WechatArticle;
import cn.tongfa.connector.wechat.WechatSettings;
import cn.tongfa.connector.weibo.WeiboPost;

/**
 * How an item will look on each channel, made by the very adapters the connectors use, so the editor sees
 * exactly what will be sent (the Weibo text to the character, the WeChat digest, the disclosure entry).
 */
@Service
public class ChannelPreviews {

    private final WechatSettings wechat;

    ChannelPreviews(org.springframework.core.env.Environment environment) {
        this.wechat = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("tongfa.connectors.wechat", WechatSettings.class)
                .orElseGet(() -> new WechatSettings(null, null, null, null, null));
    }

    /** A channel's rendering, or the reason it cannot be sent as it stands. */
    public record Preview(String channel, String label, Map<String, Object> fields, String html, String problem) {
    }

    /** Previews for every channel the event names, in the hub's channel order. */
    public Map<String, Preview> of(ItemEvent event) {
        Map<String, Preview> previews = new LinkedHashMap<>();
        for (String channel : Channels.ALL) {
            if (event.isFor(channel)) {
                previews.put(channel, preview(channel, event));
            }
        }
        return previews;
    }

    private Preview preview(String channel, ItemEvent event) {
        String label = Channels.label(channel);
        try {
            return switch (channel) {
                case Channels.PORTAL -> new Preview(channel, label,
                        Map.of("url", event.item().portalUrl()), PortalPage.of(event).html(), null);
                case Channels.WECHAT -> {
                    var account = wechat.account(event.agency());
                    WechatArticle article = WechatArticle.of(event.item(), account == null ? null : account.author());
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("title", article.title());
                    fields.put("author", article.author());
                    fields.put("digest", article.digest());
                    fields.put("contentSourceUrl", article.contentSourceUrl());
                    yield new Preview(channel, label, fields, article.content(), null);
                }
                case Channels.WEIBO -> {
                    WeiboPost post = WeiboPost.of(event);
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("text", post.text());
                    fields.put("length", WeiboPost.length(post.text()));
                    fields.put("maxLength", WeiboPost.MAX_LENGTH);
                    fields.put("link", post.link());
                    yield new Preview(channel, label, fields, null, null);
                }
                case Channels.DISCLOSURE -> {
                    DisclosureEntry entry = DisclosureEntry.of(event);
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("indexNo", entry.indexNo());
                    fields.put("title", entry.title());
                    fields.put("summary", entry.summary());
                    fields.put("category", entry.category());
                    fields.put("publisher", entry.publisher());
                    fields.put("docNumber", entry.docNumber());
                    fields.put("writtenOn", entry.writtenOn());
                    fields.put("publishedAt", entry.publishedAt());
                    fields.put("validity", entry.validity());
                    fields.put("link", entry.link());
                    fields.put("attachments", entry.attachments());
                    yield new Preview(channel, label, fields, entry.bodyHtml(), null);
                }
                default -> new Preview(channel, label, Map.of(), null, "unknown channel");
            };
        } catch (PermanentDeliveryException | IllegalArgumentException e) {
            return new Preview(channel, label, Map.of(), null, e.getMessage());
        }
    }
}
