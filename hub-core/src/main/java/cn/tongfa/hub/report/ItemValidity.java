package cn.tongfa.hub.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.audit.AuditLog;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.item.ItemService;
import cn.tongfa.hub.web.ApiException;

/**
 * 现行有效 or 废止 of a published 规章 or 行政规范性文件 (table 二, 第二十条第（一）项). Repealing does not withdraw
 * the item: it stays published (readers must still find a repealed document) and stays counted where it was
 * issued; it leaves 现行有效 and counts as 本年废止 in the year of its date. Recorded by a 签发 or an administrator.
 */
@Component
class ItemValidity {

    private final JdbcClient jdbc;
    private final ItemService items;
    private final AuditLog audit;
    private final Clock clock;

    ItemValidity(JdbcClient jdbc, ItemService items, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.items = items;
        this.audit = audit;
        this.clock = clock;
    }

    /** API {@code GET /api/v1/items/{id}/validity}. */
    record Validity(String itemId, String docType, boolean inForce, LocalDate repealedOn, String note,
            String recordedBy, Instant recordedAt) {
    }

    Validity get(String itemId, HubUser user) {
        Item item = items.get(itemId, user);
        return find(item);
    }

    @Transactional
    Validity set(String itemId, LocalDate repealedOn, String note, HubUser user) {
        Item item = items.get(itemId, user);
        if (!user.hasAnyRole(Roles.APPROVER, Roles.ADMIN)) {
            throw ApiException.forbidden("validity.forbidden");
        }
        if (item.docType() == null || !CountsService.NORMATIVE_TYPES.contains(item.docType())) {
            throw ApiException.conflict("validity.notNormative", item.docType() == null ? "（无）" : item.docType());
        }
        if (item.publishedAt() == null) {
            throw ApiException.conflict("validity.notPublished");
        }
        if (note != null && note.length() > 500) {
            throw ApiException.invalid(List.of(new ApiException.FieldProblem("note", "field.tooLong", 500,
                    note.length())));
        }
        jdbc.sql("delete from item_validity where item_id = ?").param(itemId).update();
        if (repealedOn != null) {
            if (item.writtenOn() != null && repealedOn.isBefore(item.writtenOn())) {
                throw ApiException.invalid(List.of(new ApiException.FieldProblem("repealedOn",
                        "validity.beforeWritten", item.writtenOn())));
            }
            jdbc.sql("insert into item_validity (item_id, agency, repealed_on, note, recorded_by, recorded_at) "
                            + "values (?, ?, ?, ?, ?, ?)")
                    .params(itemId, item.agency(), repealedOn, note == null || note.isBlank() ? null : note.strip(),
                            user.username(), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                    .update();
            audit.record(user.username(), item.agency(), "REPEAL", itemId, "废止于 " + repealedOn
                    + (note == null || note.isBlank() ? "" : "：" + note.strip()));
        } else {
            audit.record(user.username(), item.agency(), "UNREPEAL", itemId, "恢复为现行有效");
        }
        return find(item);
    }

    private Validity find(Item item) {
        Optional<Validity> repealed = jdbc.sql("select repealed_on, note, recorded_by, recorded_at from item_validity "
                        + "where item_id = ?")
                .param(item.id())
                .query((rs, n) -> new Validity(item.id(), item.docType(), false, rs.getObject(1, LocalDate.class),
                        rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()))
                .optional();
        return repealed.orElse(new Validity(item.id(), item.docType(), true, null, null, null, null));
    }
}
