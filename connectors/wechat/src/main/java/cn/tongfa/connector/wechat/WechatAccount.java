package cn.tongfa.connector.wechat;

import cn.tongfa.connector.api.UpdatePolicy;

/**
 * One agency's WeChat official account (公众号), bound from
 * {@code tongfa.connectors.wechat.accounts.<agency>.*}.
 *
 * @param appId        the account's AppID (开发者ID)
 * @param secret       the account's AppSecret (开发者密码)
 * @param author       the author shown on articles (at most 16 characters), or null for none
 * @param token        the Token of the account's server configuration (服务器配置), which signs the messages
 *                     WeChat pushes (the {@code PUBLISHJOBFINISH} event); null when no callback is configured
 * @param aesKey       the EncodingAESKey (43 characters) of the server configuration in safe mode (安全模式); null
 *                     in plain mode
 * @param updatePolicy what an edit of a published item does to its article ({@code update-policy}): WeChat cannot
 *                     edit one, so either a person handles it ({@link UpdatePolicy#MANUAL}, the default) or the
 *                     connector deletes the article and publishes the new version
 */
public record WechatAccount(String appId, String secret, String author, String token, String aesKey,
        UpdatePolicy updatePolicy) {

    public WechatAccount {
        updatePolicy = UpdatePolicy.orDefault(updatePolicy);
    }

    /** An account without callback (publication confirmed by polling only), updates left for a person. */
    public static WechatAccount polling(String appId, String secret, String author) {
        return new WechatAccount(appId, secret, author, null, null, null);
    }

    /** The same account with another update policy. */
    public WechatAccount withUpdatePolicy(UpdatePolicy policy) {
        return new WechatAccount(appId, secret, author, token, aesKey, policy);
    }

    @Override
    public String toString() {
        return "WechatAccount[appId=" + appId + ", secret=" + masked(secret) + ", author=" + author + ", token="
                + masked(token) + ", aesKey=" + masked(aesKey) + ", updatePolicy=" + updatePolicy + "]";
    }

    private static String masked(String secret) {
        return secret == null ? "null" : "***";
    }
}
