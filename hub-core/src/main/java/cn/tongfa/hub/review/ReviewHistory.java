package cn.tongfa.hub.review;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The decisions taken on items, kept in order (先审后公开: the record of who approved what). */
@Component
public class ReviewHistory {

    private final JdbcClient jdbc;

    ReviewHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void add(String itemId, Decision decision) {
        jdbc.sql("insert into review_decision (item_id, version, step, step_role, decision, actor, comment, at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(itemId, decision.version(), decision.step(), decision.stepRole(), decision.decision(),
                        decision.actor(), decision.comment(), decision.at().atOffset(ZoneOffset.UTC))
                .update();
    }

    public List<Decision> of(String itemId) {
        return jdbc.sql("select version, step, step_role, decision, actor, comment, at from review_decision "
                        + "where item_id = ? order by id")
                .param(itemId)
                .query((rs, n) -> new Decision(rs.getInt(1), (Integer) rs.getObject(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant()))
                .list();
    }
}
