package cn.tongfa.connector.api;

/**
 * What a channel gave back for a successful delivery.
 *
 * @param ref the channel's own id of the post (WeChat article id, Weibo post id, 索引号, page path)
 * @param url where readers find it, or null where the channel has no public address for it
 */
public record DeliveryReceipt(String ref, String url) {
}
