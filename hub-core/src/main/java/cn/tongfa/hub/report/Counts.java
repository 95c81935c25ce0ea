package cn.tongfa.hub.report;

import java.util.Map;

/**
 * The yearly counts of one agency (API.md {@code counts}; the fields after {@code cumulative} extend it).
 *
 * @param normative    规章 and 行政规范性文件 as table 二 counts them: 本年制发, 本年废止, 现行有效
 * @param previousYear the same agency's year before, for the comparison the report states
 * @param imported     whether figures imported from the years before the hub are part of these counts
 */
public record Counts(
        String agency,
        int year,
        long items,
        Map<String, Long> deliveries,
        long deliveriesTotal,
        Map<String, Long> byCategory,
        Map<String, Long> byDocType,
        Timeliness timeliness,
        Cumulative cumulative,
        Map<String, Normative> normative,
        PreviousYear previousYear,
        boolean imported) {

    /**
     * @param withinLimit      items with a 成文日期 published within the limit
     * @param overLimit        items with a 成文日期 published after it
     * @param limitWorkingDays the limit (20, 条例第二十六条)
     * @param calendar         which calendar counted the working days ({@code cn-official}: the State Council's
     *                         holidays and 调休; {@code cn-official-weekends-only-YYYY}: that year is not known yet)
     * @param withoutWrittenOn items without a 成文日期, which timeliness cannot judge
     * @param convention       how the working days are counted
     */
    public record Timeliness(long withinLimit, long overLimit, int limitWorkingDays, String calendar,
            long withoutWrittenOn, String convention) {
    }

    /** 累计数: everything up to the end of the year, the years before the hub included. */
    public record Cumulative(long items, Map<String, Long> deliveries, long deliveriesTotal,
            Map<String, Long> byCategory, Map<String, Long> byDocType) {
    }

    /** One row of table 二 (第二十条第（一）项). */
    public record Normative(long issued, long repealed, long inForce) {
    }

    public record PreviousYear(int year, long items, Map<String, Long> deliveries, long deliveriesTotal) {
    }
}
