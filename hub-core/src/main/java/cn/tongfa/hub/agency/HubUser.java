package cn.tongfa.hub.agency;

import java.util.Set;

/**
 * Who is calling: the user name, the agency they belong to (null for a city administrator) and their roles.
 */
public record HubUser(String username, String agency, Set<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** A city administrator: an ADMIN of no particular agency, who sees every agency. */
    public boolean isCityAdmin() {
        return agency == null && roles.contains(Roles.ADMIN);
    }
}
