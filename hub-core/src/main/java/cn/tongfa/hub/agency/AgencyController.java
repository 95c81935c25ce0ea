package cn.tongfa.hub.agency;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/agencies}: the agencies the caller may see. */
@RestController
@RequestMapping("/api/v1/agencies")
class AgencyController {

    private final AgencyDirectory directory;

    AgencyController(AgencyDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    List<AgencyView> agencies(HubUser user) {
        return directory.visibleTo(user).stream().map(AgencyView::of).toList();
    }

    record AgencyView(String id, String name, List<String> channels, List<String> reviewChain,
            List<String> categories) {
        static AgencyView of(Agency agency) {
            return new AgencyView(agency.id(), agency.name(), agency.channels(), agency.reviewChain(),
                    agency.categories());
        }
    }
}
