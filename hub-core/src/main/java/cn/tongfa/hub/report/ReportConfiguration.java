package cn.tongfa.hub.report;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The calendar, with the days configured on top of the library's. */
@Configuration
class ReportConfiguration {

    @Bean
    WorkingDays workingDays(ReportSettings settings) {
        return new WorkingDays(settings.calendar().holidays(), settings.calendar().workingDays());
    }
}
