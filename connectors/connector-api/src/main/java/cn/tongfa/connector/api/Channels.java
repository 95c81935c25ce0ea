package cn.tongfa.connector.api;

import java.util.List;

/** The channel names used on the wire, in the API and in configuration. */
public final class Channels {

    /** The agency's portal website (门户网站). */
    public static final String PORTAL = "portal";
    /** The city's government-information-disclosure column (市政府网站信息公开专栏). */
    public static final String DISCLOSURE = "disclosure";
    /** The agency's WeChat official account (微信公众号). */
    public static final String WECHAT = "wechat";
    /** The agency's Weibo account (政务微博). */
    public static final String WEIBO = "weibo";

    /** Every channel, in the order the hub lists them. */
    public static final List<String> ALL = List.of(PORTAL, DISCLOSURE, WECHAT, WEIBO);

    private Channels() {
    }

    public static boolean isKnown(String channel) {
        return ALL.contains(channel);
    }

    /** The Chinese name an editor knows the channel by. */
    public static String label(String channel) {
        return switch (channel) {
            case PORTAL -> "门户网站";
            case DISCLOSURE -> "政府信息公开专栏";
            case WECHAT -> "微信公众号";
            case WEIBO -> "微博";
            default -> channel;
        };
    }
}
