package cn.tongfa.connector.weibo;

/**
 * One agency's Weibo account, bound from {@code tongfa.connectors.weibo.accounts.<agency>.*}.
 *
 * @param accessToken the OAuth2 access token the account granted the app ({@code access-token})
 */
public record WeiboAccount(String accessToken) {

    @Override
    public String toString() {
        return "WeiboAccount[accessToken=***]";
    }
}
