package cn.tongfa.hub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.web.Problems;

class ReportReminderTest {

    private final ReportStore store = mock(ReportStore.class);
    private final AgencyDirectory agencies = mock(AgencyDirectory.class);
    private final Problems problems = mock(Problems.class);
    private final ReportReminder reminder;
    private final HubUser editor = new HubUser("bianji", "demo", Set.of("EDITOR"));

    ReportReminderTest() {
        Agency demo = new Agency("demo", "示范市信访局", "X", List.of("portal"), List.of(), List.of(), null);
        when(agencies.find("demo")).thenReturn(Optional.of(demo));
        when(agencies.all()).thenReturn(List.of(demo));
        when(problems.message(anyString(), any(Locale.class), any(Object[].class)))
                .thenAnswer(call -> call.getArgument(0) + " "
                        + List.of(java.util.Arrays.copyOfRange(call.getArguments(), 2, call.getArguments().length)));
        when(store.publications(anyString(), anyInt())).thenReturn(List.of());
        reminder = new ReportReminder(store, agencies, problems,
                new HubSettings(List.of("api"), java.time.ZoneId.of("Asia/Shanghai"), "http://localhost", null),
                new ReportSettings(new ReportSettings.Calendar(List.of(), List.of()), 45, true), Clock.systemUTC(), null);
    }

    @Test
    void silentUntilFortyFiveDaysBeforeTheDeadline() {
        assertThat(reminder.reminder(editor, Locale.CHINA, LocalDate.of(2025, 12, 16))).isNull();
        ReportReminder.Reminder due = reminder.reminder(editor, Locale.CHINA, LocalDate.of(2026, 1, 20));
        assertThat(due.message()).isEqualTo("ui.report.reminder [2025, 2026-01-31, 11]");
        assertThat(due.overdue()).isFalse();
        assertThat(due.link()).isEqualTo("/reports?agency=demo&year=2025");
    }

    @Test
    void overdueAfterThirtyFirstJanuaryUntilTheReportIsPublished() {
        ReportReminder.Reminder late = reminder.reminder(editor, Locale.CHINA, LocalDate.of(2026, 2, 3));
        assertThat(late.overdue()).isTrue();
        assertThat(late.message()).isEqualTo("ui.report.reminderOverdue [2025, 2026-01-31, 3]");
        when(store.publications("demo", 2025)).thenReturn(List.of(new ReportStore.Publication(2025, "x",
                "PUBLISHED", "bianji", Instant.now(), Instant.now())));
        assertThat(reminder.reminder(editor, Locale.CHINA, LocalDate.of(2026, 2, 3))).isNull();
        assertThat(reminder.reminder(editor, Locale.CHINA, LocalDate.of(2026, 4, 1))).isNull();
    }
}
