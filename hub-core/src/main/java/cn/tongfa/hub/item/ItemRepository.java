package cn.tongfa.hub.item;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ItemRepository {

    private static final String COLUMNS = "id, agency, title, summary, body_html, category, doc_type, doc_number, "
            + "written_on, channels, overrides, cover_media_id, attachments, scheduled_at, status, version, "
            + "review_step, personal_data_reviewed, index_no, portal_url, portal_path, published_at, created_by, "
            + "created_at, updated_at";
    private static final TypeReference<Map<String, Map<String, String>>> OVERRIDES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ItemRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Item item) {
        jdbc.sql("insert into item (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?)")
                .params(item.id(), item.agency(), item.title(), item.summary(), item.bodyHtml(), item.category(),
                        item.docType(), item.docNumber(), item.writtenOn(), String.join(",", item.channels()),
                        item.overrides().isEmpty() ? null : json.writeValueAsString(item.overrides()),
                        item.coverMediaId(),
                        item.attachments().isEmpty() ? null : String.join(",", item.attachments()),
                        odt(item.scheduledAt()), item.status().name(), item.version(), item.reviewStep(),
                        item.personalDataReviewed(), item.indexNo(),
                        item.portalUrl(), item.portalPath(), odt(item.publishedAt()), item.createdBy(),
                        odt(item.createdAt()), odt(item.updatedAt()))
                .update();
    }

    Optional<Item> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from item where id = ?").param(id).query(this::map).optional();
    }

    /** Reads the item and locks its row until the transaction ends, so two publishes cannot interleave. */
    Optional<Item> lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from item where id = ? for update").param(id).query(this::map)
                .optional();
    }

    /** Writes the item's content, workflow state and version (everything but its id, agency and author). */
    void update(Item item) {
        jdbc.sql("update item set title = ?, summary = ?, body_html = ?, category = ?, doc_type = ?, doc_number = ?, "
                        + "written_on = ?, channels = ?, overrides = ?, cover_media_id = ?, attachments = ?, "
                        + "scheduled_at = ?, status = ?, version = ?, review_step = ?, personal_data_reviewed = ?, "
                        + "updated_at = ? where id = ?")
                .params(item.title(), item.summary(), item.bodyHtml(), item.category(), item.docType(),
                        item.docNumber(), item.writtenOn(), String.join(",", item.channels()),
                        item.overrides().isEmpty() ? null : json.writeValueAsString(item.overrides()),
                        item.coverMediaId(),
                        item.attachments().isEmpty() ? null : String.join(",", item.attachments()),
                        odt(item.scheduledAt()), item.status().name(), item.version(), item.reviewStep(),
                        item.personalDataReviewed(), odt(item.updatedAt()), item.id())
                .update();
    }

    void markPublished(Item item) {
        jdbc.sql("update item set status = ?, review_step = null, index_no = ?, portal_url = ?, portal_path = ?, "
                        + "published_at = ?, updated_at = ? where id = ?")
                .params(item.status().name(), item.indexNo(), item.portalUrl(), item.portalPath(),
                        odt(item.publishedAt()), odt(item.updatedAt()), item.id())
                .update();
    }

    List<String> dueScheduled(Instant now, int limit) {
        return jdbc.sql("select id from item where status = 'SCHEDULED' and scheduled_at <= ? order by scheduled_at")
                .param(odt(now))
                .query(String.class)
                .list()
                .stream().limit(limit).toList();
    }

    long count() {
        return jdbc.sql("select count(*) from item").query(Long.class).single();
    }

    /** A page of items matching the filter, newest first; {@code agencies} null means every agency. */
    List<Item> search(ItemFilter filter, List<String> agencies, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, agencies, params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("select " + COLUMNS + " from item" + where + " order by created_at desc, id desc "
                        + "limit ? offset ?")
                .params(params)
                .query(this::map)
                .list();
    }

    long countMatching(ItemFilter filter, List<String> agencies) {
        List<Object> params = new ArrayList<>();
        return jdbc.sql("select count(*) from item" + where(filter, agencies, params)).params(params)
                .query(Long.class).single();
    }

    private static String where(ItemFilter filter, List<String> agencies, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (agencies != null) {
            if (agencies.isEmpty()) {
                clauses.add("1 = 0");
            } else {
                clauses.add("agency in (" + String.join(", ", agencies.stream().map(a -> "?").toList()) + ")");
                params.addAll(agencies);
            }
        }
        if (filter.status() != null) {
            clauses.add("status = ?");
            params.add(filter.status().name());
        }
        if (filter.channel() != null) {
            // channels is a comma-separated list of known names, none a substring of another.
            clauses.add("channels like ?");
            params.add("%" + filter.channel() + "%");
        }
        if (filter.year() != null) {
            clauses.add("coalesce(published_at, created_at) >= ? and coalesce(published_at, created_at) < ?");
            params.add(filter.yearStart());
            params.add(filter.yearEnd());
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            clauses.add("(lower(title) like ? or lower(coalesce(doc_number, '')) like ?)");
            String like = "%" + filter.q().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(like);
            params.add(like);
        }
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    private Item map(ResultSet rs, int row) throws SQLException {
        String overrides = rs.getString("overrides");
        String attachments = rs.getString("attachments");
        return new Item(
                rs.getString("id"),
                rs.getString("agency"),
                rs.getString("title"),
                rs.getString("summary"),
                rs.getString("body_html"),
                rs.getString("category"),
                rs.getString("doc_type"),
                rs.getString("doc_number"),
                rs.getObject("written_on", LocalDate.class),
                List.of(rs.getString("channels").split(",")),
                overrides == null ? Map.of() : json.readValue(overrides, OVERRIDES),
                rs.getString("cover_media_id"),
                attachments == null ? List.of() : Arrays.asList(attachments.split(",")),
                instant(rs, "scheduled_at"),
                ItemStatus.valueOf(rs.getString("status")),
                rs.getInt("version"),
                (Integer) rs.getObject("review_step"),
                rs.getBoolean("personal_data_reviewed"),
                rs.getString("index_no"),
                rs.getString("portal_url"),
                rs.getString("portal_path"),
                instant(rs, "published_at"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static OffsetDateTime odt(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
