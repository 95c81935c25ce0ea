package cn.tongfa.hub.ui;

import java.util.List;

import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;

/**
 * Who is signed in, as the page header shows it.
 *
 * @param agencyName the agency's name; null for a city administrator
 * @param roles      role codes in the order of {@link Roles#ALL}, for the template to label
 */
record Header(String username, String agencyName, List<String> roles, boolean admin, boolean cityAdmin,
        boolean editor) {

    static Header of(HubUser user, AgencyDirectory agencies) {
        String agencyName = agencies.find(user.agency()).map(a -> a.name()).orElse(user.agency());
        return new Header(user.username(), agencyName, Roles.ALL.stream().filter(user::hasRole).toList(),
                user.hasRole(Roles.ADMIN), user.isCityAdmin(), user.hasAnyRole(Roles.EDITOR, Roles.ADMIN));
    }
}
