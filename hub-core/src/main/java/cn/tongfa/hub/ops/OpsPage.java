package cn.tongfa.hub.ops;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.micrometer.core.instrument.MeterRegistry;

import cn.tongfa.connector.runtime.ConnectorWorker;
import cn.tongfa.hub.ConditionalOnRole;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.connector.ConnectorWorkers;

/**
 * 运维 (/ops): the operations board of the embedded default, where there is no Grafana: throughput, latency
 * percentiles, failures, lag, backlog, dead letters and the accounts that need attention, refreshed by htmx every
 * five seconds, with inline SVG charts (no script from a CDN). For operators and administrators.
 */
@Controller
@ConditionalOnRole("api")
class OpsPage {

    /** The header fragment's user, with the fields {@code fragments :: header} reads. */
    record PageUser(String username, String agencyName, List<String> roles, boolean admin, boolean cityAdmin,
            boolean editor) {
    }

    private final MeterRegistry registry;
    private final OpsHistory history;
    private final AgencyDirectory agencies;
    private final ObjectProvider<ConnectorWorkers> workers;

    OpsPage(MeterRegistry registry, OpsHistory history, AgencyDirectory agencies,
            ObjectProvider<ConnectorWorkers> workers) {
        this.registry = registry;
        this.history = history;
        this.agencies = agencies;
        this.workers = workers;
    }

    @GetMapping("/ops")
    String page(HubUser user, Locale locale, Model model) {
        figures(user, locale, model);
        model.addAttribute("me", new PageUser(user.username(),
                agencies.find(user.agency()).map(a -> a.name()).orElse(user.agency()),
                Roles.ALL.stream().filter(user::hasRole).toList(), user.hasRole(Roles.ADMIN), user.isCityAdmin(),
                user.hasAnyRole(Roles.EDITOR, Roles.ADMIN)));
        model.addAttribute("langZh", languageLink("zh_CN"));
        model.addAttribute("langEn", languageLink("en"));
        return "ops/page";
    }

    /** The live part, polled by the page. */
    @GetMapping("/ops/figures")
    String figures(HubUser user, Locale locale, Model model) {
        if (!user.hasAnyRole(Roles.OPERATOR, Roles.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "operators and administrators only");
        }
        model.addAttribute("ops", OpsFigures.read(registry));
        model.addAttribute("problems", accountProblems());
        model.addAttribute("throughput", history.throughput());
        model.addAttribute("backlogChart", history.backlog());
        model.addAttribute("lagChart", history.lag());
        model.addAttribute("t", OpsText.of(locale));
        return "ops/page :: figures";
    }

    /**
     * What is wrong with each account that has a problem, keyed {@code channel/agency}, when the connectors run in
     * this process (elsewhere the board shows the flag from the metrics, and the worker's health shows the text).
     */
    private Map<String, String> accountProblems() {
        ConnectorWorkers local = workers.getIfAvailable();
        Map<String, String> problems = new java.util.HashMap<>();
        if (local == null) {
            return problems;
        }
        for (ConnectorWorker worker : local.workers()) {
            for (String agency : local.agencies().getOrDefault(worker.channel(), List.of())) {
                String problem = worker.accountProblem(agency);
                if (problem != null) {
                    problems.put(worker.channel() + "/" + agency, problem);
                }
            }
        }
        return problems;
    }

    private static String languageLink(String lang) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("lang", lang).build().toUriString();
    }

    /** The page's words, Chinese first; kept here so that the shared message bundles stay untouched. */
    static final class OpsText {

        private static final Map<String, String> ZH = Map.ofEntries(
                Map.entry("title", "运维"), Map.entry("intro", "本进程的实时指标，每 5 秒刷新；生产环境请看 Grafana。"),
                Map.entry("delivered", "已送达"), Map.entry("failed", "失败"), Map.entry("backlog", "发件箱积压"),
                Map.entry("deadLetters", "死信"), Map.entry("lag", "消费积压"), Map.entry("review", "待审核"),
                Map.entry("throughput", "送达量（每 5 秒）"), Map.entry("channel", "渠道"),
                Map.entry("unconfirmed", "待核实"), Map.entry("retries", "重试"), Map.entry("latency", "发布→送达"),
                Map.entry("accounts", "需要关注的账号"), Map.entry("agency", "机构"), Map.entry("state", "状态"),
                Map.entry("paused", "配额暂停"), Map.entry("problem", "需重新授权/未配置"),
                Map.entry("silent", "天未更新"), Map.entry("none", "暂无"), Map.entry("max", "最大"),
                Map.entry("portal", "门户网站"), Map.entry("disclosure", "信息公开专栏"), Map.entry("wechat", "微信公众号"),
                Map.entry("weibo", "政务微博"));
        private static final Map<String, String> EN = Map.ofEntries(
                Map.entry("title", "Operations"),
                Map.entry("intro", "Live figures of this process, refreshed every 5 s; in production use Grafana."),
                Map.entry("delivered", "Delivered"), Map.entry("failed", "Failed"), Map.entry("backlog", "Outbox backlog"),
                Map.entry("deadLetters", "Dead letters"), Map.entry("lag", "Consumer lag"),
                Map.entry("review", "Awaiting review"), Map.entry("throughput", "Delivered (per 5 s)"),
                Map.entry("channel", "Channel"), Map.entry("unconfirmed", "In doubt"), Map.entry("retries", "Retries"),
                Map.entry("latency", "Publish → delivered"), Map.entry("accounts", "Accounts needing attention"),
                Map.entry("agency", "Agency"), Map.entry("state", "State"), Map.entry("paused", "quota paused"),
                Map.entry("problem", "re-authorise / not configured"), Map.entry("silent", "days silent"),
                Map.entry("none", "none"), Map.entry("max", "max"), Map.entry("portal", "Portal"),
                Map.entry("disclosure", "Disclosure column"), Map.entry("wechat", "WeChat"), Map.entry("weibo", "Weibo"));

        static Map<String, String> of(Locale locale) {
            return locale.getLanguage().equals("en") ? EN : ZH;
        }
    }
}
