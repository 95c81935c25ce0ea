package cn.tongfa.hub.agency;

import java.util.Set;

/**
 * Who is calling: the user name, the agency they belong to (null for a city administrator) and their roles.
 */
public record HubUser(String username, String agency, Set<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
