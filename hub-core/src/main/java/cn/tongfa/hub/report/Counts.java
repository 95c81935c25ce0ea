package cn.tongfa.hub.report;

import java.util.Map;

/** The yearly counts of one agency (API.md {@code counts}). */
public record Counts(
        String agency,
        int year,
        long items,
        Map<String, Long> deliveries,
        long deliveriesTotal,
        Map<String, Long> byCategory,
        Map<String, Long> byDocType,
        Timeliness timeliness,
        Cumulative cumulative) {

    /**
     * @param withinLimit      items with a 成文日期 published within the limit
     * @param overLimit        items with a 成文日期 published after it
     * @param limitWorkingDays the limit (20, 条例第二十六条)
     * @param calendar         which calendar counted the working days
     */
    public record Timeliness(long withinLimit, long overLimit, int limitWorkingDays, String calendar) {
    }

    public record Cumulative(long items) {
    }
}
