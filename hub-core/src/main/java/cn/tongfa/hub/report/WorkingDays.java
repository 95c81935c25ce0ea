package cn.tongfa.hub.report;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Counts working days for the 20-working-day rule of 条例第二十六条.
 *
 * <p>Convention: day 1 is the first working day after the day the document was written (成文日期); the
 * publication day counts when it is a working day. A document published on the day it was written took 0
 * working days.
 *
 * <p>This calendar knows weekends only. Official holidays and adjusted working days (调休) are not yet
 * applied, so a period spanning a holiday is counted as shorter than it was.
 */
final class WorkingDays {

    private WorkingDays() {
    }

    static int between(LocalDate writtenOn, LocalDate publishedOn) {
        int days = 0;
        for (LocalDate day = writtenOn.plusDays(1); !day.isAfter(publishedOn); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return days;
    }
}
