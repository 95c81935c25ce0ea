package cn.tongfa.hub.ops;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.runtime.ConnectorWorker;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.connector.ConnectorWorkers;

/**
 * The state of each channel account as the process hosting its connector sees it (role {@code connectors}):
 * {@code tongfa_channel_account_paused{channel,agency}} is 1 while the channel asked to leave the account alone
 * (a WeChat daily quota, a Weibo rate limit); {@code tongfa_channel_account_problem{channel,agency}} is 1 while
 * the account cannot be served (a token that needs re-authorisation, missing credentials).
 */
@Component
@ConditionalOnRole("connectors")
class AccountGauges {

    AccountGauges(ConnectorWorkers workers, AgencyDirectory agencies, MeterRegistry registry) {
        for (ConnectorWorker worker : workers.workers()) {
            for (Agency agency : agencies.all()) {
                if (!agency.channels().contains(worker.channel())) {
                    continue;
                }
                Gauge.builder("tongfa.channel.account.paused", worker, w -> w.accountPaused(agency.id()) ? 1 : 0)
                        .description("1 while the channel pauses the account (quota, rate limit)")
                        .tags("channel", worker.channel(), "agency", agency.id()).register(registry);
                Gauge.builder("tongfa.channel.account.problem", worker, w -> w.accountProblem(agency.id()) != null ? 1 : 0)
                        .description("1 while the account cannot be served (token to re-authorise, credentials missing)")
                        .tags("channel", worker.channel(), "agency", agency.id()).register(registry);
            }
        }
    }
}
