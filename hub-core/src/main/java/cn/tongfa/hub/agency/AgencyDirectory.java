package cn.tongfa.hub.agency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The configured agencies, and which of them a user may see. */
@Service
public class AgencyDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgencyDirectory.class);

    private final Map<String, Agency> agencies = new LinkedHashMap<>();

    AgencyDirectory(AgencyProperties properties) {
        for (Agency agency : properties.validated()) {
            agencies.put(agency.id(), agency);
        }
        if (agencies.isEmpty()) {
            log.warn("no agency is configured (tongfa.agencies): nothing can be published");
        }
    }

    public Optional<Agency> find(String id) {
        return Optional.ofNullable(id == null ? null : agencies.get(id));
    }

    public List<Agency> all() {
        return List.copyOf(agencies.values());
    }

    /** The agencies a caller may see: every agency for a city administrator (no agency), else their own. */
    public List<Agency> visibleTo(HubUser user) {
        if (user.isCityAdmin()) {
            return all();
        }
        return find(user.agency()).map(List::of).orElse(List.of());
    }

    public boolean canAccess(HubUser user, String agencyId) {
        return user.isCityAdmin() || (user.agency() != null && user.agency().equals(agencyId));
    }
}
