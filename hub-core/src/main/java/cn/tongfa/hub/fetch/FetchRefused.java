package cn.tongfa.hub.fetch;

/**
 * A fetch that did not bring what was asked for. The message names the URL as the editor wrote it and why, in
 * the hub's words only: nothing the far side answered (body, headers, status line) goes into it, so that the
 * error cannot be used to read an internal service through the hub.
 */
public class FetchRefused extends RuntimeException {

    /** Why, as the editor is told. */
    public enum Reason {
        SCHEME("只能导入 http 或 https 地址的图片"),
        MALFORMED("地址格式不正确"),
        FORBIDDEN("地址指向内网或本机，不允许"),
        UNRESOLVED("域名无法解析"),
        UNREACHABLE("无法连接到对方，或连接中断"),
        TIMEOUT("对方未在规定时间内返回"),
        TOO_MANY_REDIRECTS("跳转次数超过" + ImportSettings.MAX_REDIRECTS + "次"),
        NO_IMAGE("对方没有返回图片"),
        NOT_IMAGE("不是图片"),
        TOO_LARGE("超过 %s"),
        /** The media library refused the bytes (WebP, a broken image, too many pixels…): its words. */
        LIBRARY("%s");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private static final int URL_SHOWN = 200;

    private final Reason reason;
    private final String url;

    public FetchRefused(Reason reason, String url, Object... args) {
        super("外部图片 " + shown(url) + " 无法导入：" + reason.text.formatted(args));
        this.reason = reason;
        this.url = url;
    }

    /** The media library's refusal of a fetched image, in its words. */
    public static FetchRefused byLibrary(String url, String why) {
        return new FetchRefused(Reason.LIBRARY, url, why);
    }

    public Reason reason() {
        return reason;
    }

    /** The URL as the editor wrote it. */
    public String url() {
        return url;
    }

    private static String shown(String url) {
        return url.length() <= URL_SHOWN ? url : url.substring(0, URL_SHOWN) + "…";
    }
}
