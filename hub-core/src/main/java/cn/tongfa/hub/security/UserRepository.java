package cn.tongfa.hub.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<UserAccount> find(String username) {
        return jdbc.sql("select username, password_hash, agency, roles, enabled from app_user where username = ?")
                .param(username)
                .query((rs, n) -> new UserAccount(rs.getString(1), rs.getString(2), rs.getString(3),
                        roles(rs.getString(4)), rs.getBoolean(5)))
                .optional();
    }

    void insert(String username, String passwordHash, String agency, Set<String> roles) {
        jdbc.sql("insert into app_user (username, password_hash, agency, roles, enabled, created_at) "
                        + "values (?, ?, ?, ?, true, ?)")
                .params(username, passwordHash, agency, String.join(",", roles), Timestamp.from(Instant.now()))
                .update();
    }

    List<UserAccount> all() {
        return jdbc.sql("select username, password_hash, agency, roles, enabled from app_user order by username")
                .query((rs, n) -> new UserAccount(rs.getString(1), rs.getString(2), rs.getString(3),
                        roles(rs.getString(4)), rs.getBoolean(5)))
                .list();
    }

    void updatePassword(String username, String passwordHash) {
        jdbc.sql("update app_user set password_hash = ? where username = ?").params(passwordHash, username).update();
    }

    static Set<String> roles(String joined) {
        return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
    }
}
