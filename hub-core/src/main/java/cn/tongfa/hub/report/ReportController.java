package cn.tongfa.hub.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.web.ApiException;

/** The annual report's API (API.md "Counts and the report", extended). */
@RestController
class ReportController {

    static final MediaType DOCX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final ReportService reports;
    private final HtmlReport html;
    private final DocxReport docx;
    private final XlsxReport xlsx;
    private final ItemValidity validity;

    ReportController(ReportService reports, HtmlReport html, DocxReport docx, XlsxReport xlsx,
            ItemValidity validity) {
        this.reports = reports;
        this.html = html;
        this.docx = docx;
        this.xlsx = xlsx;
        this.validity = validity;
    }

    /** {@code GET .../reports/2025}, {@code .html}, {@code .docx}, {@code .xlsx}, {@code .json}, or by Accept. */
    @GetMapping("/api/v1/agencies/{agency}/reports/{file:\\d{4}(?:\\.[a-z]+)?}")
    ResponseEntity<?> report(@PathVariable String agency, @PathVariable String file,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept, HubUser user) {
        int year = Integer.parseInt(file.substring(0, 4));
        String format = file.length() > 4 ? file.substring(5) : fromAccept(accept);
        if (!Set.of("html", "docx", "xlsx", "json").contains(format)) {
            throw ApiException.notFound("report.format", format);
        }
        Report report = reports.report(agency, year, user);
        String name = URLEncoder.encode(report.title(), StandardCharsets.UTF_8).replace("+", "%20");
        return switch (format) {
            case "html" -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(html.page(report));
            case "docx" -> ResponseEntity.ok().contentType(DOCX)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + name + ".docx")
                    .body(docx.render(report));
            case "xlsx" -> ResponseEntity.ok().contentType(XLSX)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + name + ".xlsx")
                    .body(xlsx.render(report));
            default -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json(report));
        };
    }

    private static String fromAccept(String accept) {
        if (accept == null) {
            return "json";
        }
        if (accept.contains("wordprocessingml")) {
            return "docx";
        }
        if (accept.contains("spreadsheetml")) {
            return "xlsx";
        }
        if (accept.contains("text/html")) {
            return "html";
        }
        return "json";
    }

    static Map<String, Object> json(Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agency", report.agency());
        json.put("agencyName", report.agencyName());
        json.put("year", report.year());
        json.put("title", report.title());
        json.put("sentences", report.sentences());
        json.put("counts", report.counts());
        json.put("figures", report.figures().toJson());
        json.put("figuresEnteredBy", report.figuresEnteredBy());
        json.put("figuresEnteredAt", report.figuresEnteredAt());
        json.put("sections", report.sections().stream().map(section -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", section.title());
            s.put("paragraphs", section.before());
            s.put("table", section.table() == null ? null : section.table().id());
            s.put("paragraphsAfter", section.after());
            return s;
        }).toList());
        return json;
    }

    @GetMapping("/api/v1/agencies/{agency}/reports/{year:\\d{4}}/figures")
    Map<String, Object> figures(@PathVariable String agency, @PathVariable int year, HubUser user) {
        return figuresJson(agency, year, reports.figures(agency, year, user));
    }

    @PutMapping("/api/v1/agencies/{agency}/reports/{year:\\d{4}}/figures")
    Map<String, Object> saveFigures(@PathVariable String agency, @PathVariable int year, @RequestBody JsonNode body,
            HubUser user) {
        reports.editable(agency, user);
        return figuresJson(agency, year, reports.saveFigures(agency, year, Figures.parse(body), user));
    }

    private static Map<String, Object> figuresJson(String agency, int year, ReportStore.Saved saved) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agency", agency);
        json.put("year", year);
        json.putAll(saved.figures().toJson());
        json.put("updatedBy", saved.updatedBy());
        json.put("updatedAt", saved.updatedAt());
        return json;
    }

    @GetMapping("/api/v1/agencies/{agency}/reports/templates")
    ReportService.Templates agencyTemplates(@PathVariable String agency, HubUser user) {
        return reports.templates(agency, 0, user);
    }

    @PutMapping("/api/v1/agencies/{agency}/reports/templates")
    ReportService.Templates saveAgencyTemplates(@PathVariable String agency, @RequestBody Map<String, String> body,
            HubUser user) {
        return reports.saveTemplates(agency, 0, body, user);
    }

    @GetMapping("/api/v1/agencies/{agency}/reports/{year:\\d{4}}/templates")
    ReportService.Templates yearTemplates(@PathVariable String agency, @PathVariable int year, HubUser user) {
        ReportService.checkYear(year);
        return reports.templates(agency, year, user);
    }

    @PutMapping("/api/v1/agencies/{agency}/reports/{year:\\d{4}}/templates")
    ReportService.Templates saveYearTemplates(@PathVariable String agency, @PathVariable int year,
            @RequestBody Map<String, String> body, HubUser user) {
        return reports.saveTemplates(agency, year, body, user);
    }

    @GetMapping("/api/v1/agencies/{agency}/reports/history")
    List<HistoricRecords.Row> history(@PathVariable String agency, HubUser user) {
        return reports.history(agency, user);
    }

    /** CSV in the body ({@code text/csv} or {@code text/plain}), see {@link HistoricRecords}. */
    @PostMapping(value = "/api/v1/agencies/{agency}/reports/history",
            consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    Map<String, Object> importHistory(@PathVariable String agency, @RequestBody String csv, HubUser user) {
        Set<Integer> years = reports.importHistory(agency, csv, user);
        return Map.of("agency", agency, "years", years, "rows", reports.history(agency, user));
    }

    @PostMapping("/api/v1/agencies/{agency}/reports/{year:\\d{4}}/publish")
    ResponseEntity<ReportItem> publish(@PathVariable String agency, @PathVariable int year, HubUser user) {
        Item item = reports.publish(agency, year, user);
        return ResponseEntity.created(java.net.URI.create("/api/v1/items/" + item.id())).body(ReportItem.of(item));
    }

    /** The item the report went out as; {@code GET /api/v1/items/{id}} has all of it. */
    record ReportItem(String id, String agency, String title, String category, String docType, List<String> channels,
            String status, String statusLabel, int version, String createdBy) {
        static ReportItem of(Item item) {
            return new ReportItem(item.id(), item.agency(), item.title(), item.category(), item.docType(),
                    item.channels(), item.status().name(), item.status().label(), item.version(), item.createdBy());
        }
    }

    @GetMapping("/api/v1/agencies/{agency}/reports/{year:\\d{4}}/publications")
    List<ReportStore.Publication> publications(@PathVariable String agency, @PathVariable int year, HubUser user) {
        return reports.publications(agency, year, user);
    }

    @GetMapping("/api/v1/items/{id}/validity")
    ItemValidity.Validity validity(@PathVariable String id, HubUser user) {
        return validity.get(id, user);
    }

    /** {@code {"repealedOn":"2026-05-01","note":"…"}} marks the document 废止; {@code {"repealedOn":null}} undoes it. */
    @PutMapping("/api/v1/items/{id}/validity")
    ItemValidity.Validity setValidity(@PathVariable String id, @RequestBody ValidityRequest body, HubUser user) {
        return validity.set(id, body.repealedOn(), body.note(), user);
    }

    record ValidityRequest(LocalDate repealedOn, String note) {
    }
}
