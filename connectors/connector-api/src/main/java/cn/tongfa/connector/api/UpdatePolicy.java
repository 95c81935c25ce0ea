package cn.tongfa.connector.api;

/**
 * What a connector does with an {@link ItemAction#UPDATE} on a channel that cannot edit a published post
 * (WeChat, Weibo). Chosen per agency in the channel's account settings ({@code update-policy}).
 */
public enum UpdatePolicy {
    /**
     * The default, because deleting a post is irreversible: the update is not carried out, and the delivery
     * fails with a message saying that a person must handle it in the channel's own back office.
     */
    MANUAL,
    /**
     * The previous version's post is deleted and the new version published in its place; the new post links to
     * the portal page with the version ({@link PostLinks}), so that a look-up after a crash can tell it from the
     * old one.
     */
    DELETE_AND_REPUBLISH;

    /** The policy, MANUAL when none is configured. */
    public static UpdatePolicy orDefault(UpdatePolicy policy) {
        return policy == null ? MANUAL : policy;
    }
}
