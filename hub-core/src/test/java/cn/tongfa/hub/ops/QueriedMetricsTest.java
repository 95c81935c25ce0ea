package cn.tongfa.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL parsing that {@link OperationsIT} relies on to compare the boards and rules with a scrape. */
class QueriedMetricsTest {

    @Test
    void namesAreMetricsNotFunctionsLabelsOrKeywords() {
        assertThat(QueriedMetrics.names("histogram_quantile(0.95, sum by (le, channel) "
                + "(rate(tongfa_delivery_latency_seconds_bucket{channel=~\"$channel\"}[5m])))"))
                .containsExactly("tongfa_delivery_latency_seconds_bucket");
        assertThat(QueriedMetrics.names("max by (agency) (tongfa_report_deadline_days) <= 15\n"
                + "  and on (agency) max by (agency) (tongfa_report_published) == 0"))
                .containsExactly("tongfa_report_deadline_days", "tongfa_report_published");
        assertThat(QueriedMetrics.names("label_values(tongfa_items_awaiting_review, agency)"))
                .containsExactly("tongfa_items_awaiting_review");
        assertThat(QueriedMetrics.names("sum(up{job=\"tongfa-hub\"}) * 60 > bool 1"))
                .isEmpty();
    }

    @Test
    void theBoardsAndRulesQueryTheCatalogue() {
        assertThat(QueriedMetrics.queried()).containsKeys("tongfa_deliveries_total",
                "tongfa_delivery_latency_seconds_bucket", "tongfa_connector_lag_records", "tongfa_outbox_backlog",
                "tongfa_dead_letters_open", "tongfa_channel_account_problem", "tongfa_channel_account_paused",
                "tongfa_account_last_post_age_days", "tongfa_items_awaiting_review", "tongfa_report_published");
    }

    @Test
    void aMetricMissingFromTheScrapeIsReported() {
        String scrape = """
                # TYPE tongfa_outbox_backlog gauge
                tongfa_outbox_backlog{application="tongfa-hub"} 0.0
                tongfa_delivery_latency_seconds_bucket{channel="portal",le="0.1"} 1
                tongfa_delivery_latency_seconds_count{channel="portal"} 1
                """;
        assertThat(QueriedMetrics.scraped(scrape)).containsExactly("tongfa_delivery_latency_seconds_bucket",
                "tongfa_delivery_latency_seconds_count", "tongfa_outbox_backlog");
        assertThat(QueriedMetrics.missing(scrape)).doesNotContainKey("tongfa_outbox_backlog")
                .containsKey("tongfa_deliveries_total");
        assertThat(QueriedMetrics.missing(QueriedMetrics.without(scrape, "tongfa_delivery_latency_seconds")))
                .containsKey("tongfa_delivery_latency_seconds_bucket");
    }
}
