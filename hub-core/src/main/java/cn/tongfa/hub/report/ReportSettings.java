package cn.tongfa.hub.report;

import java.time.LocalDate;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tongfa.report.*}.
 *
 * @param calendar       days of a State Council notice published after the holiday library was released
 * @param reminderDays   how many days before 31 January the status board starts reminding of the report
 * @param countSummary   on PostgreSQL, count from the pre-aggregated summary (V22) rather than grouping the raw
 *                       ledger; false only to compare the two or to measure the raw way
 */
@ConfigurationProperties("tongfa.report")
record ReportSettings(@DefaultValue Calendar calendar, @DefaultValue("45") int reminderDays,
        @DefaultValue("true") boolean countSummary) {

    /**
     * @param holidays    official days off (法定节假日 and their 调休 days off)
     * @param workingDays weekend days worked (调休上班)
     */
    record Calendar(@DefaultValue List<LocalDate> holidays, @DefaultValue List<LocalDate> workingDays) {
    }
}
