package cn.tongfa.hub.ui;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.audit.AuditEvent;
import cn.tongfa.hub.audit.AuditLog;
import cn.tongfa.hub.web.ApiException;

/** 审计日志: administrators read their agency's log (a city administrator every agency's), newest first. */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;

    private final AuditLog audit;
    private final AgencyDirectory agencies;

    AuditController(AuditLog audit, AgencyDirectory agencies) {
        this.audit = audit;
        this.agencies = agencies;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(defaultValue = "0") int page, HubUser user, Model model) {
        if (!user.hasRole(Roles.ADMIN)) {
            throw ApiException.forbidden("ui.audit.adminOnly");
        }
        if (!user.isCityAdmin() && user.agency() == null) {
            throw ApiException.forbidden("ui.audit.adminOnly");
        }
        int shown = Math.max(0, page);
        // One more than a page tells whether there is a next page without counting the whole log.
        List<AuditEvent> found = audit.find(user.isCityAdmin() ? null : user.agency(), null, shown * PAGE_SIZE,
                PAGE_SIZE + 1);
        model.addAttribute("events", found.subList(0, Math.min(PAGE_SIZE, found.size())));
        model.addAttribute("page", shown);
        model.addAttribute("hasNext", found.size() > PAGE_SIZE);
        model.addAttribute("agencyNames", agencies.all().stream()
                .collect(Collectors.toMap(Agency::id, Agency::name)));
        return "audit";
    }
}
