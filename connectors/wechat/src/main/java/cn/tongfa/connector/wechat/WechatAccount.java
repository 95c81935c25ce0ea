package cn.tongfa.connector.wechat;

/**
 * One agency's WeChat official account (公众号), bound from
 * {@code tongfa.connectors.wechat.accounts.<agency>.*}.
 *
 * @param appId  the account's AppID (开发者ID)
 * @param secret the account's AppSecret (开发者密码)
 * @param author the author shown on articles (at most 16 characters), or null for none
 */
public record WechatAccount(String appId, String secret, String author) {

    @Override
    public String toString() {
        return "WechatAccount[appId=" + appId + ", secret=" + (secret == null ? "null" : "***") + ", author="
                + author + "]";
    }
}
