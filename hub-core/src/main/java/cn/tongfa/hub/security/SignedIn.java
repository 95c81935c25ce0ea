package cn.tongfa.hub.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import cn.tongfa.hub.agency.HubUser;

/** The caller of a request that is open to all but answers signed-in users more (media of drafts). */
public final class SignedIn {

    private SignedIn() {
    }

    /** The signed-in user (session, HTTP Basic or API token), empty for an anonymous caller. */
    public static Optional<HubUser> user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof UserAccount account) {
            return Optional.of(account.toHubUser());
        }
        return Optional.empty();
    }
}
