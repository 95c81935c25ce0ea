package cn.tongfa.hub.support;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The properties every hub test on PostgreSQL and spring-kafka-test's broker shares: its port, a fresh
 * database, no embedded broker, a portal directory, the administrator's password, and sandbox accounts of
 * the given agencies on every channel.
 */
public final class PostgresHub {

    private PostgresHub() {
    }

    public static void register(DynamicPropertyRegistry registry, int port, Supplier<String> databaseUrl,
            Supplier<Path> portalRoot, String adminPassword) {
        registry.add("server.port", () -> port);
        registry.add("spring.datasource.url", databaseUrl::get);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("tongfa.kafka.embedded.enabled", () -> "false");
        registry.add("tongfa.connectors.portal.root", () -> portalRoot.get().toString());
        registry.add("TONGFA_ADMIN_PASSWORD", () -> adminPassword);
    }

    /** Accounts on the four simulated channels for each agency. */
    public static void sandboxAccounts(DynamicPropertyRegistry registry, String... agencies) {
        for (String agency : agencies) {
            registry.add("tongfa.connectors.disclosure.accounts." + agency + ".app-key", () -> agency);
            registry.add("tongfa.connectors.disclosure.accounts." + agency + ".app-secret", () -> "sandbox-secret");
            registry.add("tongfa.connectors.wechat.accounts." + agency + ".app-id", () -> "wx" + agency);
            registry.add("tongfa.connectors.wechat.accounts." + agency + ".secret", () -> "sandbox-secret");
            registry.add("tongfa.connectors.weibo.accounts." + agency + ".access-token", () -> "token-" + agency);
        }
    }
}
