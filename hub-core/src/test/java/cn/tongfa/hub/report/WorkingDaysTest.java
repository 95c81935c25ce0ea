package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The calendar against the State Council's notices (国务院办公厅关于XXXX年部分节假日安排的通知). */
class WorkingDaysTest {

    private final WorkingDays calendar = WorkingDays.OFFICIAL;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // 2008 (国务院令第513号 and its notice): 元旦 2007-12-30 to 2008-01-01, 2007-12-29 (Sat) worked.
        "2007-12-29, true,  2008 元旦调休上班",
        "2008-01-01, false, 2008 元旦",
        "2008-05-04, true,  2008 劳动节调休上班 (Sunday)",
        "2008-06-09, false, 2008 端午节 (first year of 端午 as a holiday)",
        // 2012: 元旦 2012-01-01 to 03, 2011-12-31 (Sat) worked: the notice reaches back into the year before.
        "2011-12-31, true,  2012 元旦调休上班",
        "2012-01-03, false, 2012 元旦调休",
        // 2013 (国办发明电〔2012〕14号): the two adjusted working days the library lacks.
        "2013-04-07, true,  2013 清明节调休上班 (Sunday)",
        "2013-04-05, false, 2013 清明节",
        "2013-04-06, false, 2013 清明节调休 (Saturday)",
        "2013-09-29, true,  2013 国庆节调休上班 (Sunday)",
        "2013-10-07, false, 2013 国庆节调休 (Monday)",
        "2013-10-12, true,  2013 国庆节调休上班 (Saturday)",
        "2013-10-13, false, an ordinary Sunday",
        // 2015: the 70th anniversary of the victory (国办发明电〔2015〕3号): 9-3 to 9-5 off, 9-6 (Sun) worked.
        "2015-09-03, false, 2015 抗战胜利纪念日",
        "2015-09-04, false, 2015 抗战胜利纪念日调休 (Friday)",
        "2015-09-06, true,  2015 抗战胜利纪念日调休上班 (Sunday)",
        // 2020: 春节 extended to 2-2 (国办发明电〔2020〕1号), so Saturday 2-1 stopped being a working day.
        "2020-01-19, true,  2020 春节调休上班 (Sunday)",
        "2020-01-31, false, 2020 春节延长假期 (Friday)",
        "2020-02-01, false, 2020 春节延长假期 (Saturday, a working day before the extension)",
        "2020-02-03, true,  2020 first working day after the extension",
        "2020-05-09, true,  2020 劳动节调休上班 (Saturday)",
        // 2019 元旦: 2018-12-30 to 2019-01-01, 2018-12-29 (Sat) worked.
        "2018-12-29, true,  2019 元旦调休上班",
        "2018-12-31, false, 2019 元旦调休 (Monday)",
        // 2026 (国办发明电〔2025〕7号): 春节 2-15 to 2-23, Saturdays 2-14 and 2-28 worked.
        "2026-01-04, true,  2026 元旦调休上班 (Sunday)",
        "2026-02-14, true,  2026 春节调休上班 (Saturday)",
        "2026-02-16, false, 2026 春节 (Monday)",
        "2026-02-28, true,  2026 春节调休上班 (Saturday)",
        "2026-03-02, true,  an ordinary Monday",
    })
    void dayIsAsTheNoticeSays(LocalDate day, boolean working, String why) {
        assertThat(calendar.isWorkingDay(day)).as(day + " " + why).isEqualTo(working);
    }

    @Test
    void publicationOnTheDayOfWritingTakesNoWorkingDay() {
        assertThat(calendar.between(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2))).isZero();
        assertThat(calendar.between(LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 8))).as("Friday → Sunday").isZero();
    }

    @Test
    void dayOneIsTheFirstWorkingDayAfterWriting() {
        assertThat(calendar.between(LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 9))).as("Friday → Monday")
                .isEqualTo(1);
        // Friday 2026-02-27 → Monday 2026-03-02: Saturday 2-28 is an adjusted working day (day 1), Monday day 2.
        assertThat(calendar.between(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 3, 2))).isEqualTo(2);
    }

    @Test
    void the2013CorrectionsCountAsWorkingDays() {
        // 4-4 to 4-6 off, Sunday 4-7 worked (1), Monday 4-8 (2).
        assertThat(calendar.between(LocalDate.of(2013, 4, 3), LocalDate.of(2013, 4, 8))).isEqualTo(2);
        // Saturday 10-12 worked (1), Sunday off, Monday 10-14 (2).
        assertThat(calendar.between(LocalDate.of(2013, 10, 11), LocalDate.of(2013, 10, 14))).isEqualTo(2);
    }

    @Test
    void the2020ExtendedSpringFestivalIsNotCounted() {
        // Sunday 1-19 worked (1), 1-20..1-23 (2..5), 1-24..2-2 off, Monday 2-3 (6).
        assertThat(calendar.between(LocalDate.of(2020, 1, 17), LocalDate.of(2020, 2, 3))).isEqualTo(6);
    }

    @Test
    void spansCrossTheYearBoundaryWithBothYearsHolidays() {
        // Sat 2018-12-29 worked (1), 12-30..2019-01-01 off, Wed 01-02 (2).
        assertThat(calendar.between(LocalDate.of(2018, 12, 28), LocalDate.of(2019, 1, 2))).isEqualTo(2);
        // 2025-12-31 (Wed) → 2026-01-05 (Mon): 1-1..1-3 off, Sunday 1-4 worked (1), Monday (2).
        assertThat(calendar.between(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 5))).isEqualTo(2);
    }

    @Test
    void twentyWorkingDaysAroundTheNationalDayTakeMoreThanFourWeeks() {
        // Written Friday 2025-09-26: Sunday 9-28 worked (1), 9-29, 9-30 (2, 3), 10-1..10-8 off, Saturday 10-11
        // worked (6); the 20th working day is Thursday 2025-10-30, five weeks after writing.
        LocalDate written = LocalDate.of(2025, 9, 26);
        assertThat(calendar.between(written, LocalDate.of(2025, 10, 24))).isEqualTo(16);
        assertThat(calendar.between(written, LocalDate.of(2025, 10, 30))).isEqualTo(20);
        assertThat(calendar.between(written, LocalDate.of(2025, 10, 31))).isEqualTo(21);
    }

    @Test
    void everyYearFrom2008IsKnownAndAnUnknownYearSaysSo() {
        for (int year = WorkingDays.FIRST_YEAR; year <= 2026; year++) {
            assertThat(calendar.knows(year)).as("holidays of " + year).isTrue();
        }
        assertThat(calendar.knows(2099)).isFalse();
        assertThat(calendar.name(2099)).isEqualTo("cn-official-weekends-only-2099");
    }

    @Test
    void configuredDaysExtendTheCalendar() {
        WorkingDays extended = new WorkingDays(List.of(LocalDate.of(2099, 1, 1)), List.of(LocalDate.of(2099, 1, 3)));
        assertThat(extended.isWorkingDay(LocalDate.of(2099, 1, 1))).isFalse();
        assertThat(extended.isWorkingDay(LocalDate.of(2099, 1, 3))).isTrue();
        assertThat(extended.knows(2099)).isTrue();
    }
}
