package cn.tongfa.hub;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the hub where it is and how to get in. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final HubSettings settings;
    private final boolean sandbox;
    private final boolean passwordFromEnvironment;
    private final List<String> demoUsers;

    StartupBanner(HubSettings settings, @Value("${tongfa.sandbox.enabled:false}") boolean sandbox,
            @Value("${TONGFA_ADMIN_PASSWORD:}") String adminPassword, Environment environment) {
        this.settings = settings;
        this.sandbox = sandbox;
        this.passwordFromEnvironment = !adminPassword.isBlank();
        this.demoUsers = Binder.get(environment)
                .bind("tongfa.demo.users", Bindable.listOf(Map.class))
                .orElse(List.of()).stream()
                .map(user -> ((Map<?, ?>) user).get("username") + " " + roles(((Map<?, ?>) user).get("roles")))
                .toList();
    }

    /** Roles bound loosely come as an index map ({0=EDITOR}) or a list: printed as "EDITOR,REVIEWER". */
    private static String roles(Object roles) {
        if (roles instanceof Map<?, ?> indexed) {
            return String.join(",", indexed.values().stream().map(String::valueOf).toList());
        }
        if (roles instanceof java.util.Collection<?> listed) {
            return String.join(",", listed.stream().map(String::valueOf).toList());
        }
        return String.valueOf(roles);
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String url = settings.publicUrl();
        StringBuilder text = new StringBuilder()
                .append("\n\n  通发 Tongfa hub is running (roles ").append(settings.roles()).append(")\n")
                .append("    web UI       ").append(url).append("/\n")
                .append("    API          ").append(url).append("/api/v1/agencies  (docs: /swagger-ui.html)\n")
                .append("    health       ").append(url).append("/actuator/health\n")
                .append("    metrics      ").append(url).append("/actuator/prometheus\n")
                .append("    portal pages ").append(settings.portalBaseUrl()).append('\n');
        if (sandbox) {
            text.append("    sandbox      ").append(url).append("/sandbox/{portal|disclosure|wechat|weibo}/posts\n");
        }
        text.append("  Log in as 'admin' with ")
                .append(passwordFromEnvironment
                        ? "the password in TONGFA_ADMIN_PASSWORD."
                        : "the password printed when the account was created (first start), "
                                + "or restart with TONGFA_ADMIN_PASSWORD=… to set a new one.")
                .append("\n  e.g. curl -u admin:PASSWORD ").append(url).append("/api/v1/agencies\n");
        if (!demoUsers.isEmpty()) {
            text.append("  Demo users (password demo-2026-pass): ").append(demoUsers).append('\n');
        }
        log.info(text.toString());
    }
}
