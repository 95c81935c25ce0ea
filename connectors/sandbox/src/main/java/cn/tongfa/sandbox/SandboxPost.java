package cn.tongfa.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One post a simulated channel received and accepted.
 *
 * @param seq        order of arrival across all channels
 * @param channel    the channel name
 * @param postId     the channel's own id of the post (article id, Weibo id, 索引号, page path)
 * @param itemId     the hub item id the post carries (read from its portal link or its payload)
 * @param title      title of the post, where the channel has one
 * @param text       the text as the channel would show it (Weibo status, WeChat digest, …)
 * @param url        where the post can be read, if anywhere
 * @param receivedAt when the simulator accepted it
 * @param deleted    whether it was withdrawn since
 * @param detail     the channel-specific fields as received
 */
public record SandboxPost(
        long seq,
        String channel,
        String postId,
        String itemId,
        String title,
        String text,
        String url,
        Instant receivedAt,
        boolean deleted,
        Map<String, Object> detail) {

    SandboxPost asDeleted() {
        return new SandboxPost(seq, channel, postId, itemId, title, text, url, receivedAt, true, detail);
    }
}
