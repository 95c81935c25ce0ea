package cn.tongfa.connector.api;

/** What an {@link ItemEvent} asks of the channels. */
public enum ItemAction {
    /** First publication of the item (its version 1, or the first version that reaches the channel). */
    PUBLISH,
    /** A new version of an item already published: update it in place where the channel allows. */
    UPDATE,
    /** Take the item off the channel where the channel allows it. */
    WITHDRAW
}
