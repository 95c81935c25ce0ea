package cn.tongfa.hub.report;

import java.time.Clock;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.web.ApiException;

/** {@code GET /api/v1/agencies/{agency}/counts?year=} (API.md). */
@RestController
class CountsController {

    private final CountsService counts;
    private final AgencyDirectory agencies;
    private final HubSettings settings;
    private final Clock clock;

    CountsController(CountsService counts, AgencyDirectory agencies, HubSettings settings, Clock clock) {
        this.counts = counts;
        this.agencies = agencies;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/api/v1/agencies/{agency}/counts")
    Counts counts(@PathVariable String agency, @RequestParam(required = false) Integer year, HubUser user) {
        if (agencies.find(agency).isEmpty()) {
            throw ApiException.notFound("agency.unknown", agency);
        }
        if (!agencies.canAccess(user, agency)) {
            throw ApiException.forbidden("agency.forbidden", agency);
        }
        int wanted = year == null ? clock.instant().atZone(settings.zone()).getYear() : year;
        if (wanted < 2000 || wanted > 2100) {
            throw ApiException.invalid(List.of(new ApiException.FieldProblem("year", "year.invalid", wanted)));
        }
        return counts.counts(agency, wanted);
    }
}
