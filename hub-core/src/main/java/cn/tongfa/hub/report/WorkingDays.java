package cn.tongfa.hub.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.tyme.holiday.LegalHoliday;

/**
 * The official working-day calendar of the State Council's yearly notices (国务院办公厅关于XXXX年部分节假日安排的通知),
 * for the 20-working-day rule of 条例第二十六条.
 *
 * <p>A date is a working day when it is an adjusted working day (调休上班), or a Monday–Friday that is not an
 * official holiday. The holidays come from 6tail's tyme4j ({@link LegalHoliday}, the data of cn.6tail:lunar's
 * {@code HolidayUtil} continued past 2023), with the two 2013 adjusted working days it lacks put back
 * (2013-04-07 for 清明节 and 2013-10-12 for 国庆节, 国办发明电〔2012〕14号). Days announced after the library was
 * released can be configured ({@code tongfa.report.calendar.*}) without waiting for a new version.
 *
 * <p>Counting convention (documented in the report and the README): <b>day 1 is the first working day after
 * the 成文日期</b>; the publication day counts when it is a working day. A document published on the day it was
 * written, or on the non-working days right after, took 0 working days.
 */
public final class WorkingDays {

    /** The first year the calendar is vouched for (the notices from 2008 on are tested). */
    public static final int FIRST_YEAR = 2008;

    /** Adjusted working days of the notices that the library lacks. */
    static final Set<LocalDate> LIBRARY_CORRECTIONS = Set.of(LocalDate.of(2013, 4, 7), LocalDate.of(2013, 10, 12));

    static final WorkingDays OFFICIAL = new WorkingDays(Set.of(), Set.of());

    private final Map<LocalDate, Boolean> configured = new HashMap<>();
    private final Set<Integer> configuredYears = new TreeSet<>();
    /** Answers already looked up: the holiday library scans its data on every lookup, and counts ask per day. */
    private final Map<LocalDate, Boolean> known = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> knownYears = new ConcurrentHashMap<>();

    /**
     * @param extraHolidays    official holidays the library does not know yet (days off)
     * @param extraWorkingDays adjusted working days the library does not know yet (weekend days worked)
     */
    WorkingDays(Collection<LocalDate> extraHolidays, Collection<LocalDate> extraWorkingDays) {
        extraHolidays.forEach(day -> configured.put(day, false));
        extraWorkingDays.forEach(day -> configured.put(day, true));
        configured.keySet().forEach(day -> configuredYears.add(day.getYear()));
    }

    public boolean isWorkingDay(LocalDate day) {
        return known.computeIfAbsent(day, this::lookUp);
    }

    private boolean lookUp(LocalDate day) {
        Boolean fixed = configured.get(day);
        if (fixed != null) {
            return fixed;
        }
        if (LIBRARY_CORRECTIONS.contains(day)) {
            return true;
        }
        LegalHoliday holiday = LegalHoliday.fromYmd(day.getYear(), day.getMonthValue(), day.getDayOfMonth());
        if (holiday != null) {
            return holiday.isWork();
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** Working days from the 成文日期 to the publication day, by the convention above (0 when not after it). */
    public int between(LocalDate writtenOn, LocalDate publishedOn) {
        int days = 0;
        for (LocalDate day = writtenOn.plusDays(1); !day.isAfter(publishedOn); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                days++;
            }
        }
        return days;
    }

    /**
     * Whether the holidays of the year are known: the State Council's notice for it is in the library or in the
     * configuration. For a year it does not know, the calendar counts weekends only, and the counts say so.
     */
    public boolean knows(int year) {
        return knownYears.computeIfAbsent(year, this::lookUpYear);
    }

    private boolean lookUpYear(int year) {
        if (configuredYears.contains(year)) {
            return true;
        }
        // Every notice moves 元旦 or 春节; a year without a single entry in January–February has no data.
        for (LocalDate day = LocalDate.of(year, 1, 1); day.getMonthValue() <= 2; day = day.plusDays(1)) {
            if (LegalHoliday.fromYmd(year, day.getMonthValue(), day.getDayOfMonth()) != null) {
                return true;
            }
        }
        return false;
    }

    /** The name of the calendar for a period ending in {@code year}, as the counts report it. */
    String name(int year) {
        return knows(year) ? "cn-official" : "cn-official-weekends-only-" + year;
    }
}
