package cn.tongfa.hub.ui;

import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.item.ItemStatus;

/**
 * Which buttons the item page offers the user in the item's state. It mirrors the roles {@code ItemService}
 * requires so that nobody is shown a button that can only fail; the service still decides, and what only it
 * knows (an author reviewing their own item, content checks) comes back as a message on the page.
 */
record ItemActions(boolean edit, boolean submit, boolean review, boolean publish, boolean withdraw, boolean retry,
        String stepRole) {

    static ItemActions of(Item item, Agency agency, HubUser user) {
        ItemStatus status = item.status();
        boolean draft = status == ItemStatus.DRAFT || status == ItemStatus.REJECTED;
        boolean editor = user.hasAnyRole(Roles.EDITOR, Roles.ADMIN);
        boolean noReview = agency.reviewChain().isEmpty();
        boolean publisher = noReview ? user.hasAnyRole(Roles.APPROVER, Roles.ADMIN, Roles.EDITOR)
                : user.hasAnyRole(Roles.APPROVER, Roles.ADMIN);
        String stepRole = status == ItemStatus.IN_REVIEW && item.reviewStep() != null
                && item.reviewStep() < agency.reviewChain().size() ? agency.reviewChain().get(item.reviewStep())
                        : null;
        return new ItemActions(
                (draft && editor) || (status == ItemStatus.PUBLISHED && publisher),
                draft && editor && !noReview,
                stepRole != null && user.hasRole(stepRole),
                publisher && (status == ItemStatus.APPROVED || (noReview && draft)),
                publisher && (status == ItemStatus.PUBLISHED || status == ItemStatus.SCHEDULED),
                user.hasAnyRole(Roles.OPERATOR, Roles.ADMIN, Roles.EDITOR),
                stepRole);
    }

    public boolean any() {
        return submit || review || publish || withdraw;
    }
}
