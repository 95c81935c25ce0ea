package cn.tongfa.hub.security;

import java.util.Collection;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import cn.tongfa.hub.agency.HubUser;

/** A user as Spring Security sees it, carrying the agency the user belongs to. */
record UserAccount(String username, String passwordHash, String agency, Set<String> roles, boolean enabled)
        implements UserDetails {

    HubUser toHubUser() {
        return new HubUser(username, agency, roles);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }
}
