package cn.tongfa.hub.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import cn.tongfa.connector.runtime.AccountStatus;
import cn.tongfa.connector.runtime.ConnectorWorker;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.connector.ConnectorWorkers;

/**
 * The {@code channels} component of {@code /actuator/health} in a process hosting connectors: per channel, per
 * agency, {@code UP} when the channel accepted the account's credentials, {@code DOWN} with the problem (naming the
 * configuration key to fix) when they are missing or refused, {@code UNKNOWN} while the start-up check has not
 * answered or could not reach the channel.
 *
 * <p>One agency's bad credential must not take the hub out of service, so the component's own status is
 * {@code UP} or {@value #DEGRADED}, a status the health aggregation does not count: the overall status, the probes
 * and the HTTP status stay those of the rest of the process.
 */
@Component
@ConditionalOnRole("connectors")
class ChannelsHealthIndicator implements HealthIndicator {

    static final String DEGRADED = "DEGRADED";

    private final ConnectorWorkers workers;

    ChannelsHealthIndicator(ConnectorWorkers workers) {
        this.workers = workers;
    }

    @Override
    public Health health() {
        boolean problem = false;
        Map<String, Object> channels = new LinkedHashMap<>();
        for (ConnectorWorker worker : workers.workers()) {
            Map<String, Object> accounts = new LinkedHashMap<>();
            for (String agency : workers.agencies().getOrDefault(worker.channel(), List.of())) {
                AccountStatus status = worker.accountStatus(agency);
                Map<String, Object> account = new LinkedHashMap<>();
                account.put("status", switch (status.state()) {
                    case OK -> Status.UP.getCode();
                    case PROBLEM -> Status.DOWN.getCode();
                    case UNVERIFIED, CHECKING -> Status.UNKNOWN.getCode();
                });
                if (status.state() == AccountStatus.State.CHECKING) {
                    account.put("reason", "正在核验账号");
                } else if (status.message() != null) {
                    account.put(status.state() == AccountStatus.State.PROBLEM ? "problem" : "reason", status.message());
                }
                accounts.put(agency, account);
                problem |= status.state() == AccountStatus.State.PROBLEM;
            }
            channels.put(worker.channel(), accounts);
        }
        return Health.status(problem ? new Status(DEGRADED, "部分机构的渠道账号不可用") : Status.UP)
                .withDetails(channels).build();
    }
}
