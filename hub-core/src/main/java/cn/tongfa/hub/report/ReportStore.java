package cn.tongfa.hub.report;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** The report's own tables: entered figures, the agency's sentences, and the items the reports went out as. */
@Component
public class ReportStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ReportStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Figures as saved, with who saved them and when. */
    public record Saved(Figures figures, String updatedBy, Instant updatedAt) {
    }

    Optional<Saved> figures(String agency, int year) {
        return jdbc.sql("select figures, updated_by, updated_at from report_figures where agency = ? and report_year = ?")
                .params(agency, year)
                .query((rs, n) -> new Saved(Figures.parse(json.readTree(rs.getString(1))), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .optional();
    }

    void saveFigures(String agency, int year, Figures figures, String user) {
        String text = json.writeValueAsString(figures.toJson());
        OffsetDateTime now = now();
        int updated = jdbc.sql("update report_figures set figures = ?, updated_by = ?, updated_at = ? "
                        + "where agency = ? and report_year = ?")
                .params(text, user, now, agency, year).update();
        if (updated == 0) {
            jdbc.sql("insert into report_figures (agency, report_year, figures, updated_by, updated_at) "
                            + "values (?, ?, ?, ?, ?)")
                    .params(agency, year, text, user, now).update();
        }
    }

    /** The templates stored for the agency: for the year (when year &gt; 0) or for every year (year 0). */
    Map<String, String> templates(String agency, int year) {
        Map<String, String> found = new LinkedHashMap<>();
        jdbc.sql("select name, body from report_template where agency = ? and report_year = ? order by name")
                .params(agency, year)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    /** The template in force: the year's, else the agency's, else the built-in default. */
    Map<String, String> effectiveTemplates(String agency, int year) {
        Map<String, String> effective = new LinkedHashMap<>(Sentences.DEFAULTS);
        effective.putAll(templates(agency, 0));
        effective.putAll(templates(agency, year));
        return effective;
    }

    /** Replaces the stored templates of the agency (year 0) or of one year; a null body removes one. */
    void saveTemplates(String agency, int year, Map<String, String> bodies, String user) {
        OffsetDateTime now = now();
        for (Map.Entry<String, String> entry : bodies.entrySet()) {
            jdbc.sql("delete from report_template where agency = ? and report_year = ? and name = ?")
                    .params(agency, year, entry.getKey()).update();
            if (entry.getValue() != null && !entry.getValue().isBlank()) {
                jdbc.sql("insert into report_template (agency, report_year, name, body, updated_by, updated_at) "
                                + "values (?, ?, ?, ?, ?, ?)")
                        .params(agency, year, entry.getKey(), entry.getValue().strip(), user, now).update();
            }
        }
    }

    /** A report published as an item, with the item's status now. */
    public record Publication(int year, String itemId, String status, String createdBy, Instant createdAt,
            Instant publishedAt) {
    }

    List<Publication> publications(String agency, int year) {
        return jdbc.sql("""
                        select p.report_year, p.item_id, i.status, p.created_by, p.created_at, i.published_at
                        from report_publication p left join item i on i.id = p.item_id
                        where p.agency = ? and p.report_year = ? order by p.created_at desc
                        """)
                .params(agency, year)
                .query((rs, n) -> new Publication(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject(6, OffsetDateTime.class)).map(OffsetDateTime::toInstant)
                                .orElse(null)))
                .list();
    }

    void addPublication(String agency, int year, String itemId, String user) {
        jdbc.sql("insert into report_publication (agency, report_year, item_id, created_by, created_at) "
                        + "values (?, ?, ?, ?, ?)")
                .params(agency, year, itemId, user, now()).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
