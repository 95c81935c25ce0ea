package cn.tongfa.connector.api;

/**
 * The portal link that a post on a channel without editing (WeChat's 阅读原文, the link in a Weibo status)
 * carries, and what it says about the version it was posted for.
 *
 * <p>A first publication links to the portal page itself. A version published in place of an older post (an
 * {@link ItemAction#UPDATE} under {@link UpdatePolicy#DELETE_AND_REPUBLISH}) links to the same page with
 * {@code ?v=<version>}: the portal is static, so readers land on the same page, and the channel's own listing
 * then tells which version each post is. That is what makes a delete-and-republish safe to run again after a
 * crash: the new version's post is recognised as delivered and never deleted, an older one as left to delete.
 */
public final class PostLinks {

    /** The version a link denotes when it is the plain portal page: the first publication. */
    public static final int FIRST = 0;
    /** The answer of {@link #version} for a link that is not the item's at all. */
    public static final int NOT_THIS_ITEM = -1;

    private static final String PARAMETER = "v=";

    private PostLinks() {
    }

    /** The link a post for this event carries, or null when the item has no portal link. */
    public static String of(ItemEvent event) {
        String portalUrl = event.item().portalUrl();
        if (portalUrl == null || portalUrl.isBlank()) {
            return null;
        }
        portalUrl = portalUrl.strip();
        if (event.action() != ItemAction.UPDATE) {
            return portalUrl;
        }
        return portalUrl + (portalUrl.contains("?") ? "&" : "?") + PARAMETER + event.version();
    }

    /**
     * Which version of the item a post's link denotes: {@link #FIRST} for the portal page itself, the version
     * for the page with {@code ?v=<version>}, {@link #NOT_THIS_ITEM} for any other link.
     */
    public static int version(String link, String portalUrl) {
        if (link == null || portalUrl == null || portalUrl.isBlank()) {
            return NOT_THIS_ITEM;
        }
        String page = portalUrl.strip();
        String candidate = link.strip();
        if (candidate.equals(page)) {
            return FIRST;
        }
        if (!candidate.startsWith(page) || candidate.length() <= page.length() + 1) {
            return NOT_THIS_ITEM;
        }
        char separator = candidate.charAt(page.length());
        String rest = candidate.substring(page.length() + 1);
        if ((separator != '?' && separator != '&') || !rest.startsWith(PARAMETER)) {
            return NOT_THIS_ITEM;
        }
        String digits = rest.substring(PARAMETER.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return NOT_THIS_ITEM;
        }
        return Integer.parseInt(digits);
    }
}
