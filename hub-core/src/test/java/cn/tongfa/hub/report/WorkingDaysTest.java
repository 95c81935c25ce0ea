package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class WorkingDaysTest {

    @Test
    void publicationOnTheDayOfWritingTakesNoWorkingDay() {
        assertThat(WorkingDays.between(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2))).isZero();
    }

    @Test
    void dayOneIsTheFirstWorkingDayAfterWriting() {
        // Friday 2026-02-27 → Monday 2026-03-02: the weekend does not count, Monday is day 1.
        assertThat(WorkingDays.between(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 3, 2))).isEqualTo(1);
    }

    @Test
    void fourFullWeeksAreTwentyWorkingDays() {
        assertThat(WorkingDays.between(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 30))).isEqualTo(20);
        assertThat(WorkingDays.between(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 31))).isEqualTo(21);
    }
}
