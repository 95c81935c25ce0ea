package cn.tongfa.hub.security;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.audit.AuditLog;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ApiException.FieldProblem;

/** {@code /api/v1/users} and {@code /api/v1/tokens} (API.md). */
@RestController
class UserController {

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AgencyDirectory agencies;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final ZoneId zone;

    UserController(UserRepository users, PasswordEncoder encoder, AgencyDirectory agencies, ApiTokens tokens,
            AuditLog audit, HubSettings settings) {
        this.users = users;
        this.encoder = encoder;
        this.agencies = agencies;
        this.tokens = tokens;
        this.audit = audit;
        this.zone = settings.zone();
    }

    record NewUser(String username, String password, String agency, List<String> roles) {
    }

    record UserView(String username, String agency, List<String> roles, boolean enabled) {
        static UserView of(UserAccount account) {
            return new UserView(account.username(), account.agency(), List.copyOf(account.roles()), account.enabled());
        }
    }

    record TokenView(String id, String token, OffsetDateTime createdAt) {
    }

    @PostMapping("/api/v1/users")
    @Transactional
    ResponseEntity<UserView> create(@RequestBody NewUser request, HubUser caller) {
        if (!caller.hasRole(Roles.ADMIN)) {
            throw ApiException.forbidden("item.forbidden", "create user", Roles.label(Roles.ADMIN));
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.username() == null || !request.username().matches("[A-Za-z0-9._-]{3,64}")) {
            problems.add(new FieldProblem("username", "user.badName"));
        } else if (users.find(request.username()).isPresent()) {
            problems.add(new FieldProblem("username", "user.exists", request.username()));
        }
        if (request.password() == null || request.password().length() < 10) {
            problems.add(new FieldProblem("password", "user.weakPassword"));
        }
        String agency = request.agency() == null || request.agency().isBlank() ? null : request.agency();
        if (agency == null) {
            if (!caller.isCityAdmin()) {
                problems.add(new FieldProblem("agency", "user.cityAdminOnly"));
            }
        } else if (agencies.find(agency).isEmpty()) {
            problems.add(new FieldProblem("agency", "agency.unknown", agency));
        } else if (!agencies.canAccess(caller, agency)) {
            throw ApiException.forbidden("agency.forbidden", agency);
        }
        Set<String> roles = new LinkedHashSet<>();
        if (request.roles() == null || request.roles().isEmpty()) {
            problems.add(new FieldProblem("roles", "user.noRole"));
        } else {
            for (int i = 0; i < request.roles().size(); i++) {
                String role = request.roles().get(i);
                if (!Roles.ALL.contains(role)) {
                    problems.add(new FieldProblem("roles[" + i + "]", "user.badRole", role));
                }
                roles.add(role);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        users.insert(request.username(), encoder.encode(request.password()), agency, roles);
        audit.record(caller.username(), agency, "CREATE_USER", null, request.username() + " " + roles);
        UserAccount created = users.find(request.username()).orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(UserView.of(created));
    }

    @GetMapping("/api/v1/users")
    List<UserView> list(HubUser caller) {
        if (!caller.hasRole(Roles.ADMIN)) {
            throw ApiException.forbidden("item.forbidden", "list users", Roles.label(Roles.ADMIN));
        }
        return users.all().stream()
                .filter(account -> caller.isCityAdmin()
                        || (account.agency() != null && account.agency().equals(caller.agency())))
                .map(UserView::of)
                .toList();
    }

    @PostMapping("/api/v1/tokens")
    @Transactional
    ResponseEntity<TokenView> token(HubUser caller) {
        ApiTokens.Issued issued = tokens.issue(caller.username());
        audit.record(caller.username(), caller.agency(), "CREATE_TOKEN", null, issued.id());
        return ResponseEntity.status(201)
                .body(new TokenView(issued.id(), issued.token(), issued.createdAt().atZone(zone).toOffsetDateTime()));
    }
}
