package cn.tongfa.hub.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.item.ItemStatus;
import cn.tongfa.hub.web.Problems;

/**
 * The reminder the status board shows as 31 January approaches (条例第四十九条: a department publishes last
 * year's report by 31 January): from {@code tongfa.report.reminder-days} before it until the report of last year
 * is published, and after the deadline as overdue until the end of March. The board includes the fragment
 * {@code report/reminder :: banner}; this advice gives it {@code reportReminder} (null when there is nothing to
 * say).
 */
@ControllerAdvice(basePackages = "cn.tongfa.hub.ui")
class ReportReminder {

    private final ReportStore store;
    private final AgencyDirectory agencies;
    private final Problems problems;
    private final HubSettings settings;
    private final ReportSettings reportSettings;
    private final Clock clock;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    ReportReminder(ReportStore store, AgencyDirectory agencies, Problems problems, HubSettings settings,
            ReportSettings reportSettings, Clock clock, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.store = store;
        this.agencies = agencies;
        this.problems = problems;
        this.settings = settings;
        this.reportSettings = reportSettings;
        this.clock = clock;
    }

    /** What the banner says; {@code overdue} makes it red. */
    public record Reminder(String message, String link, boolean overdue) {
    }

    /**
     * Only on the status board, and only for a signed-in user: the advice also reaches the login page, where there
     * is nobody to remind (so no {@link HubUser} parameter, which would refuse an anonymous request).
     */
    @ModelAttribute
    void reminder(java.security.Principal principal, jakarta.servlet.http.HttpServletRequest request, Locale locale,
            Model model) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (principal == null || !path.equals("/")) {
            return;
        }
        jdbc.sql("select agency, roles from app_user where username = ? and enabled")
                .param(principal.getName())
                .query((rs, n) -> new HubUser(principal.getName(), rs.getString(1),
                        java.util.Set.of(rs.getString(2).split(","))))
                .optional()
                .ifPresent(user -> model.addAttribute("reportReminder", reminder(user, locale,
                        clock.instant().atZone(settings.zone()).toLocalDate())));
    }

    Reminder reminder(HubUser user, Locale locale, LocalDate today) {
        // The report due next: last year's while January–March runs, else this year's (due next 31 January).
        int reportYear = today.getMonthValue() <= 3 ? today.getYear() - 1 : today.getYear();
        LocalDate deadline = LocalDate.of(reportYear + 1, 1, 31);
        long daysLeft = ChronoUnit.DAYS.between(today, deadline);
        if (daysLeft > reportSettings.reminderDays() || today.isAfter(LocalDate.of(reportYear + 1, 3, 31))) {
            return null;
        }
        List<Agency> pending = (user.isCityAdmin() ? agencies.all() : agencies.find(user.agency()).stream().toList())
                .stream().filter(agency -> !published(agency.id(), reportYear)).toList();
        if (pending.isEmpty()) {
            return null;
        }
        boolean overdue = daysLeft < 0;
        String message;
        if (user.isCityAdmin()) {
            message = problems.message(overdue ? "ui.report.reminderCityOverdue" : "ui.report.reminderCity", locale,
                    String.valueOf(reportYear), pending.size(), deadline.toString(), Math.abs(daysLeft));
        } else {
            message = problems.message(overdue ? "ui.report.reminderOverdue" : "ui.report.reminder", locale,
                    String.valueOf(reportYear), deadline.toString(), Math.abs(daysLeft));
        }
        String link = user.isCityAdmin() ? "/reports/city?year=" + reportYear
                : "/reports?agency=" + user.agency() + "&year=" + reportYear;
        return new Reminder(message, link, overdue);
    }

    private boolean published(String agency, int year) {
        return store.publications(agency, year).stream()
                .anyMatch(p -> ItemStatus.PUBLISHED.name().equals(p.status()));
    }
}
