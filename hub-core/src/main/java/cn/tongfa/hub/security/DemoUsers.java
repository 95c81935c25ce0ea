package cn.tongfa.hub.security;

import java.util.LinkedHashSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the demo users of the embedded default ({@code tongfa.demo.users}) when they do not exist yet.
 * Production profiles configure none.
 */
@Component
@Order(1)
@EnableConfigurationProperties(DemoUsers.Settings.class)
class DemoUsers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    @ConfigurationProperties("tongfa.demo")
    record Settings(List<User> users) {
        Settings {
            users = users == null ? List.of() : users;
        }
    }

    record User(String username, String password, String agency, List<String> roles) {
    }

    private final Settings settings;
    private final UserRepository users;
    private final PasswordEncoder encoder;

    DemoUsers(Settings settings, UserRepository users, PasswordEncoder encoder) {
        this.settings = settings;
        this.users = users;
        this.encoder = encoder;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (User user : settings.users()) {
            if (users.find(user.username()).isEmpty()) {
                users.insert(user.username(), encoder.encode(user.password()), user.agency(),
                        new LinkedHashSet<>(user.roles()));
                log.info("created demo user {} ({} of {})", user.username(), user.roles(), user.agency());
            }
        }
    }
}
