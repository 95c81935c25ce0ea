package cn.tongfa.hub.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class MediaRepository {

    private static final String COLUMNS = "id, agency, sha256, content_type, kind, size, original_name, width, "
            + "height, created_by, created_at";

    private final JdbcClient jdbc;

    MediaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(MediaFile file) {
        jdbc.sql("insert into media (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(file.id(), file.agency(), file.sha256(), file.contentType(), file.kind().name(), file.size(),
                        file.originalName(), file.width(), file.height(), file.createdBy(),
                        OffsetDateTime.ofInstant(file.createdAt(), ZoneOffset.UTC))
                .update();
    }

    Optional<MediaFile> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from media where id = ?").param(id).query(this::map).optional();
    }

    List<MediaFile> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from media where id in (:ids)").param("ids", ids)
                .query(this::map).list();
    }

    Optional<MediaFile> findBySha256(String agency, String sha256) {
        return jdbc.sql("select " + COLUMNS + " from media where agency = ? and sha256 = ?").params(agency, sha256)
                .query(this::map).optional();
    }

    void delete(String id) {
        jdbc.sql("delete from media where id = ?").param(id).update();
    }

    /** Whether an item whose current version is published uses the file (cover, attachment or body image). */
    boolean usedByPublished(String id) {
        return jdbc.sql("select count(*) from item_media m join item i on i.id = m.item_id "
                        + "where m.media_id = ? and i.status = 'PUBLISHED'")
                .param(id).query(Integer.class).single() > 0;
    }

    /** The items using the file, each with its status, at most a few (to name them in a refusal). */
    List<String[]> users(String id) {
        return jdbc.sql("select distinct i.id, i.status from item_media m join item i on i.id = m.item_id "
                        + "where m.media_id = ? order by i.id")
                .param(id).query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).list()
                .stream().limit(5).toList();
    }

    private MediaFile map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new MediaFile(rs.getString("id"), rs.getString("agency"), rs.getString("sha256").trim(),
                rs.getString("content_type"), MediaKind.valueOf(rs.getString("kind")), rs.getLong("size"),
                rs.getString("original_name"), (Integer) rs.getObject("width"), (Integer) rs.getObject("height"),
                rs.getString("created_by"), created == null ? Instant.EPOCH : created.toInstant());
    }
}
