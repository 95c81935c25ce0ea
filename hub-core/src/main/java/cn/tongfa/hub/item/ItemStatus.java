package cn.tongfa.hub.item;

/** Where an item is in its life (API.md). */
public enum ItemStatus {
    DRAFT("草稿"),
    IN_REVIEW("审核中"),
    REJECTED("已退回"),
    APPROVED("已审核"),
    SCHEDULED("待定时发布"),
    PUBLISHED("已发布"),
    WITHDRAWN("已撤回");

    private final String label;

    ItemStatus(String label) {
        this.label = label;
    }

    /** The Chinese name an editor knows the status by. */
    public String label() {
        return label;
    }
}
