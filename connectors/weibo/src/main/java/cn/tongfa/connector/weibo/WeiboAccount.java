package cn.tongfa.connector.weibo;

import cn.tongfa.connector.api.UpdatePolicy;

/**
 * One agency's Weibo account, bound from {@code tongfa.connectors.weibo.accounts.<agency>.*}.
 *
 * @param accessToken  the OAuth2 access token the account granted the app ({@code access-token})
 * @param updatePolicy what an edit of a published item does to its status ({@code update-policy}): Weibo cannot
 *                     edit one, so either a person handles it ({@link UpdatePolicy#MANUAL}, the default) or the
 *                     connector deletes the status and posts the new version
 */
public record WeiboAccount(String accessToken, UpdatePolicy updatePolicy) {

    public WeiboAccount {
        updatePolicy = UpdatePolicy.orDefault(updatePolicy);
    }

    @Override
    public String toString() {
        return "WeiboAccount[accessToken=***, updatePolicy=" + updatePolicy + "]";
    }
}
