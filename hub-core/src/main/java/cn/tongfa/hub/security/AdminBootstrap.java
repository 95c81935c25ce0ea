package cn.tongfa.hub.security;

import java.security.SecureRandom;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the city administrator {@code admin} on first start, with the password from
 * {@code TONGFA_ADMIN_PASSWORD} or, when it is unset, a random one printed once. When the variable is set
 * on a later start, the administrator's password follows it (that is how an operator resets it).
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final String configuredPassword;

    AdminBootstrap(UserRepository users, PasswordEncoder encoder,
            @Value("${TONGFA_ADMIN_PASSWORD:}") String configuredPassword) {
        this.users = users;
        this.encoder = encoder;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean fromEnvironment = !configuredPassword.isBlank();
        var existing = users.find(ADMIN);
        if (existing.isPresent()) {
            if (fromEnvironment && !encoder.matches(configuredPassword, existing.get().passwordHash())) {
                users.updatePassword(ADMIN, encoder.encode(configuredPassword));
                log.info("administrator '{}' password set from TONGFA_ADMIN_PASSWORD", ADMIN);
            }
            return;
        }
        String password = fromEnvironment ? configuredPassword : randomPassword();
        users.insert(ADMIN, encoder.encode(password), null, Set.of("ADMIN"));
        if (fromEnvironment) {
            log.info("created administrator '{}' with the password from TONGFA_ADMIN_PASSWORD", ADMIN);
        } else {
            log.warn("""

                    ====================================================================
                     通发 created the administrator account (shown only this once):
                       user: {}    password: {}
                     Set TONGFA_ADMIN_PASSWORD to choose it yourself.
                    ====================================================================""", ADMIN, password);
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
