package cn.tongfa.hub.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.ui.HubPage;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.Problems;

/**
 * 年度报告 in the web UI: counts, timeliness and the items over the limit, the figures form (tables 二 to 四 and
 * the prose), the agency's sentences, the historic import, the downloads and the preview, and publication; the
 * city view for the city administrator. Everything goes through {@link ReportService}, as the API does.
 */
@Controller
@HubPage
class ReportPages {

    private final ReportService reports;
    private final CountsService counts;
    private final AgencyDirectory agencies;
    private final HtmlReport html;
    private final DocxReport docx;
    private final XlsxReport xlsx;
    private final Problems problems;
    private final JsonMapper json;

    ReportPages(ReportService reports, CountsService counts, AgencyDirectory agencies, HtmlReport html,
            DocxReport docx, XlsxReport xlsx, Problems problems, JsonMapper json) {
        this.reports = reports;
        this.counts = counts;
        this.agencies = agencies;
        this.html = html;
        this.docx = docx;
        this.xlsx = xlsx;
        this.problems = problems;
        this.json = json;
    }

    @GetMapping("/reports")
    String page(@RequestParam(required = false) String agency, @RequestParam(required = false) Integer year,
            HubUser user, Model model) {
        String agencyId = agency != null ? agency : user.agency();
        if (agencyId == null) {
            return "redirect:/reports/city" + (year == null ? "" : "?year=" + year);
        }
        int shown = year == null ? reports.currentYear() - 1 : year;
        Report report = reports.report(agencyId, shown, user);
        model.addAttribute("report", report);
        model.addAttribute("year", shown);
        model.addAttribute("years", years());
        model.addAttribute("canEdit", reports.canEdit(user));
        model.addAttribute("canImport", user.hasRole(Roles.ADMIN));
        model.addAttribute("late", counts.overLimit(agencyId, shown));
        model.addAttribute("tables", ReportTables.class);
        model.addAttribute("rows3", ReportTables.TABLE3_ROWS);
        model.addAttribute("columns3", ReportTables.TABLE3_COLUMNS);
        model.addAttribute("groups4", ReportTables.TABLE4_GROUPS);
        model.addAttribute("columns4", ReportTables.TABLE4_COLUMNS);
        model.addAttribute("decisions", ReportTables.TABLE2_DECISIONS);
        model.addAttribute("templates", reports.templates(agencyId, shown, user));
        model.addAttribute("history", reports.history(agencyId, user));
        model.addAttribute("publications", reports.publications(agencyId, shown, user));
        model.addAttribute("agencies", agencies.visibleTo(user));
        model.addAttribute("convention", CountsService.CONVENTION);
        model.addAttribute("base", "/reports/" + agencyId + "/" + shown);
        if (!model.containsAttribute("cellErrors")) {
            model.addAttribute("cellErrors", Map.of());
            model.addAttribute("entered", Map.of());
        }
        return "report/page";
    }

    private List<Integer> years() {
        List<Integer> years = new ArrayList<>();
        for (int y = reports.currentYear(); y >= reports.currentYear() - 6; y--) {
            years.add(y);
        }
        return years;
    }

    @GetMapping("/reports/city")
    String city(@RequestParam(required = false) Integer year, HubUser user, Model model) {
        int shown = year == null ? reports.currentYear() - 1 : year;
        model.addAttribute("rows", reports.city(shown, user));
        model.addAttribute("year", shown);
        model.addAttribute("years", years());
        return "report/city";
    }

    @GetMapping("/reports/{agency}/{year:\\d{4}}.{format:html|docx|xlsx}")
    ResponseEntity<?> download(@PathVariable String agency, @PathVariable int year, @PathVariable String format,
            HubUser user) {
        Report report = reports.report(agency, year, user);
        String name = java.net.URLEncoder.encode(report.title(), StandardCharsets.UTF_8).replace("+", "%20");
        return switch (format) {
            case "docx" -> ResponseEntity.ok().contentType(ReportController.DOCX)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + name + ".docx")
                    .body(docx.render(report));
            case "xlsx" -> ResponseEntity.ok().contentType(ReportController.XLSX)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + name + ".xlsx")
                    .body(xlsx.render(report));
            default -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(html.page(report));
        };
    }

    /** The figures form: every input is named by its API path, so errors land on the cell they name. */
    @PostMapping("/reports/{agency}/{year:\\d{4}}/figures")
    String saveFigures(@PathVariable String agency, @PathVariable int year,
            @RequestParam MultiValueMap<String, String> form, HubUser user, Locale locale, Model model,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> entered = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            String value = values.isEmpty() ? "" : values.get(0).strip();
            if (name.startsWith("table") || name.startsWith("prose.")) {
                entered.put(name, value);
                put(body, name, name.startsWith("prose.") ? value : number(value));
            }
        });
        try {
            reports.saveFigures(agency, year, Figures.parse(json.valueToTree(body)), user);
        } catch (ApiException refused) {
            Map<String, String> cellErrors = new LinkedHashMap<>();
            List<String> details = new ArrayList<>();
            for (ApiException.FieldProblem field : refused.fields()) {
                String message = problems.message(field.messageKey(), locale, field.args());
                cellErrors.merge(field.field(), message, (a, b) -> a + "；" + b);
                details.add(message);
            }
            model.addAttribute("error", problems.message(refused.messageKey(), locale, refused.args()));
            model.addAttribute("errorDetails", details);
            model.addAttribute("cellErrors", cellErrors);
            model.addAttribute("entered", entered);
            return page(agency, year, user, model);
        }
        redirect.addFlashAttribute("notice", problems.message("ui.report.saved", locale));
        return "redirect:" + link(agency, year) + "#figures";
    }

    /** Paths like {@code table3.rows.不予公开.属于国家秘密.自然人}: the row id may hold a dot, the column never. */
    private static void put(Map<String, Object> body, String path, Object value) {
        List<String> parts = new ArrayList<>();
        if (path.startsWith("table3.rows.")) {
            String rest = path.substring("table3.rows.".length());
            int last = rest.lastIndexOf('.');
            parts.addAll(List.of("table3", "rows", rest.substring(0, last), rest.substring(last + 1)));
        } else if (path.startsWith("table4.")) {
            String rest = path.substring("table4.".length());
            int last = rest.lastIndexOf('.');
            parts.addAll(List.of("table4", rest.substring(0, last), rest.substring(last + 1)));
        } else {
            int first = path.indexOf('.');
            parts.addAll(List.of(path.substring(0, first), path.substring(first + 1)));
        }
        Map<String, Object> node = body;
        for (int i = 0; i < parts.size() - 1; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) node.computeIfAbsent(parts.get(i),
                    k -> new LinkedHashMap<String, Object>());
            node = next;
        }
        node.put(parts.get(parts.size() - 1), value);
    }

    private static Object number(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    @PostMapping("/reports/{agency}/{year:\\d{4}}/templates")
    String saveTemplates(@PathVariable String agency, @PathVariable int year, @RequestParam String scope,
            @RequestParam Map<String, String> form, HubUser user, Locale locale, RedirectAttributes redirect) {
        Map<String, String> bodies = new LinkedHashMap<>();
        Sentences.DEFAULTS.keySet().forEach(name -> bodies.put(name, form.get(name)));
        try {
            reports.saveTemplates(agency, "agency".equals(scope) ? 0 : year, bodies, user);
            redirect.addFlashAttribute("notice", problems.message("ui.report.templatesSaved", locale));
        } catch (ApiException refused) {
            flashError(redirect, refused, locale);
        }
        return "redirect:" + link(agency, year) + "#templates";
    }

    @PostMapping("/reports/{agency}/{year:\\d{4}}/history")
    String importHistory(@PathVariable String agency, @PathVariable int year, @RequestParam String csv,
            HubUser user, Locale locale, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("notice", problems.message("ui.report.imported", locale,
                    reports.importHistory(agency, csv, user).toString()));
        } catch (ApiException refused) {
            flashError(redirect, refused, locale);
        }
        return "redirect:" + link(agency, year) + "#history";
    }

    @PostMapping("/reports/{agency}/{year:\\d{4}}/publish")
    String publish(@PathVariable String agency, @PathVariable int year, HubUser user, Locale locale,
            RedirectAttributes redirect) {
        try {
            Item item = reports.publish(agency, year, user);
            redirect.addFlashAttribute("notice", problems.message("ui.report.published", locale,
                    item.status().label()));
            return "redirect:/items/" + item.id();
        } catch (ApiException refused) {
            flashError(redirect, refused, locale);
            return "redirect:" + link(agency, year) + "#publish";
        }
    }

    private void flashError(RedirectAttributes redirect, ApiException refused, Locale locale) {
        redirect.addFlashAttribute("error", problems.message(refused.messageKey(), locale, refused.args()));
        redirect.addFlashAttribute("errorDetails", refused.fields().stream()
                .map(field -> problems.message(field.messageKey(), locale, field.args())).toList());
    }

    private static String link(String agency, int year) {
        return UriComponentsBuilder.fromPath("/reports").queryParam("agency", agency).queryParam("year", year)
                .encode().build().toUriString();
    }
}
