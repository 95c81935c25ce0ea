package cn.tongfa.hub.report;

import java.time.Clock;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.HubUser;

/**
 * {@code GET /api/v1/agencies/{agency}/counts?year=} (API.md), the items over the 20-working-day limit, and the
 * city view {@code GET /api/v1/counts?year=}.
 */
@RestController
class CountsController {

    private final CountsService counts;
    private final ReportService reports;
    private final HubSettings settings;
    private final Clock clock;

    CountsController(CountsService counts, ReportService reports, HubSettings settings, Clock clock) {
        this.counts = counts;
        this.reports = reports;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/api/v1/agencies/{agency}/counts")
    Counts counts(@PathVariable String agency, @RequestParam(required = false) Integer year, HubUser user) {
        reports.readable(agency, user);
        int wanted = year(year);
        return counts.counts(agency, wanted);
    }

    @GetMapping("/api/v1/agencies/{agency}/counts/over-limit")
    List<CountsService.LateItem> overLimit(@PathVariable String agency, @RequestParam(required = false) Integer year,
            HubUser user) {
        reports.readable(agency, user);
        return counts.overLimit(agency, year(year));
    }

    @GetMapping("/api/v1/counts")
    List<ReportService.CityRow> city(@RequestParam(required = false) Integer year, HubUser user) {
        return reports.city(year(year), user);
    }

    private int year(Integer year) {
        int wanted = year == null ? clock.instant().atZone(settings.zone()).getYear() : year;
        ReportService.checkYear(wanted);
        return wanted;
    }
}
