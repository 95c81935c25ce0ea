package cn.tongfa.hub.item;

/** Where an item is in its life (API.md). */
public enum ItemStatus {
    DRAFT, IN_REVIEW, REJECTED, APPROVED, SCHEDULED, PUBLISHED, WITHDRAWN
}
