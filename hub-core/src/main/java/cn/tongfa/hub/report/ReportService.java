package cn.tongfa.hub.report;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.Agency;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.agency.Roles;
import cn.tongfa.hub.audit.AuditLog;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.item.ItemRequest;
import cn.tongfa.hub.item.ItemService;
import cn.tongfa.hub.item.ItemStatus;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ApiException.FieldProblem;

/**
 * The annual report of an agency: who may read and edit what, the report assembled from counts, figures and
 * sentences, and its publication as an item.
 *
 * <p>Roles: every role of the agency reads counts, figures, templates and the report; an {@code ADMIN} or an
 * {@code EDITOR} (信息员, who in most offices drafts the report) enters figures and edits the sentences; only an
 * {@code ADMIN} imports historic records (they change every later year's 累计数); the city administrator sees
 * every agency and the city view.
 */
@Service
public class ReportService {

    static final String CATEGORY = "年度报告";
    static final List<String> REPORT_CHANNELS = List.of("portal", "disclosure");

    private final CountsService counts;
    private final ReportStore store;
    private final HistoricRecords history;
    private final AgencyDirectory agencies;
    private final ItemService items;
    private final AuditLog audit;
    private final HtmlReport html;
    private final HubSettings settings;
    private final Clock clock;

    ReportService(CountsService counts, ReportStore store, HistoricRecords history, AgencyDirectory agencies,
            ItemService items, AuditLog audit, HtmlReport html, HubSettings settings, Clock clock) {
        this.counts = counts;
        this.store = store;
        this.history = history;
        this.agencies = agencies;
        this.items = items;
        this.audit = audit;
        this.html = html;
        this.settings = settings;
        this.clock = clock;
    }

    int currentYear() {
        return clock.instant().atZone(settings.zone()).getYear();
    }

    /** 404 for an unknown agency, 403 for another agency's. */
    Agency readable(String agencyId, HubUser user) {
        Agency agency = agencies.find(agencyId).orElseThrow(() -> ApiException.notFound("agency.unknown", agencyId));
        if (!agencies.canAccess(user, agencyId)) {
            throw ApiException.forbidden("agency.forbidden", agencyId);
        }
        return agency;
    }

    Agency editable(String agencyId, HubUser user) {
        Agency agency = readable(agencyId, user);
        if (!user.hasAnyRole(Roles.ADMIN, Roles.EDITOR)) {
            throw ApiException.forbidden("report.editForbidden");
        }
        return agency;
    }

    boolean canEdit(HubUser user) {
        return user.hasAnyRole(Roles.ADMIN, Roles.EDITOR);
    }

    static void checkYear(int year) {
        if (year < 2000 || year > 2100) {
            throw ApiException.invalid(List.of(new FieldProblem("year", "year.invalid", year)));
        }
    }

    /** Every agency's counts side by side, for the city administrator. */
    List<CityRow> city(int year, HubUser user) {
        if (!user.isCityAdmin()) {
            throw ApiException.forbidden("report.cityOnly");
        }
        checkYear(year);
        List<CityRow> rows = new ArrayList<>();
        for (Agency agency : agencies.all()) {
            List<ReportStore.Publication> published = store.publications(agency.id(), year);
            rows.add(new CityRow(agency.id(), agency.name(), counts.counts(agency.id(), year),
                    store.figures(agency.id(), year).isPresent(),
                    published.isEmpty() ? null : published.get(0).status()));
        }
        return rows;
    }

    /**
     * One agency's line in the city view.
     *
     * @param reportStatus the status of the item the year's report was published as; null before that
     */
    public record CityRow(String agency, String name, Counts counts, boolean figuresEntered, String reportStatus) {
    }

    Report report(String agencyId, int year, HubUser user) {
        Agency agency = readable(agencyId, user);
        checkYear(year);
        return build(agency, year);
    }

    Report build(Agency agency, int year) {
        Counts yearCounts = counts.counts(agency.id(), year);
        ReportStore.Saved saved = store.figures(agency.id(), year).orElse(null);
        Figures figures = saved == null ? Figures.empty() : saved.figures();
        Map<String, String> values = Sentences.values(yearCounts, agency.name(), agency.categories());
        Map<String, String> sentences = new LinkedHashMap<>();
        store.effectiveTemplates(agency.id(), year)
                .forEach((name, template) -> sentences.put(name, Sentences.render(template, values)));

        List<Report.Section> sections = new ArrayList<>();
        List<String> one = new ArrayList<>();
        one.add(sentence(sentences.get(Sentences.CHANNEL)) + sentence(sentences.get(Sentences.CATEGORY)));
        one.addAll(paragraphs(figures.prose().get("一")));
        sections.add(new Report.Section(ReportTables.SECTIONS.get(0), one, ReportGrids.statistics(yearCounts), List.of()));
        sections.add(new Report.Section(ReportTables.SECTIONS.get(1), List.of(), ReportGrids.table2(yearCounts, figures),
                List.of(sentence(sentences.get(Sentences.TIMELINESS)) + "（工作日计算：" + CountsService.CONVENTION
                        + "。）")));
        sections.add(new Report.Section(ReportTables.SECTIONS.get(2), List.of(), ReportGrids.table3(figures),
                List.of()));
        sections.add(new Report.Section(ReportTables.SECTIONS.get(3), List.of(), ReportGrids.table4(figures),
                List.of()));
        sections.add(new Report.Section(ReportTables.SECTIONS.get(4), paragraphs(figures.prose().get("五")), null,
                List.of()));
        sections.add(new Report.Section(ReportTables.SECTIONS.get(5), paragraphs(figures.prose().get("六")), null,
                List.of()));
        return new Report(agency.id(), agency.name(), year, yearCounts, figures,
                saved == null ? null : saved.updatedBy(), saved == null ? null : saved.updatedAt(), sentences,
                sections);
    }

    private static String sentence(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String stripped = text.strip();
        return stripped.endsWith("。") || stripped.endsWith("；") ? stripped : stripped + "。";
    }

    private static List<String> paragraphs(String prose) {
        if (prose == null || prose.isBlank()) {
            return List.of(Report.TO_FILL);
        }
        return Arrays.stream(prose.split("\\r?\\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    ReportStore.Saved figures(String agencyId, int year, HubUser user) {
        readable(agencyId, user);
        checkYear(year);
        return store.figures(agencyId, year).orElse(new ReportStore.Saved(Figures.empty(), null, null));
    }

    @Transactional
    ReportStore.Saved saveFigures(String agencyId, int year, Figures figures, HubUser user) {
        editable(agencyId, user);
        checkYear(year);
        store.saveFigures(agencyId, year, figures, user.username());
        audit.record(user.username(), agencyId, "REPORT_FIGURES", null, year + "年度报告填报数据");
        return store.figures(agencyId, year).orElseThrow();
    }

    /** Templates as stored and in force; year 0 means the agency's default for every year. */
    Templates templates(String agencyId, int year, HubUser user) {
        readable(agencyId, user);
        return new Templates(year, store.templates(agencyId, year),
                year == 0 ? merged(store.templates(agencyId, 0)) : store.effectiveTemplates(agencyId, year),
                Sentences.DEFAULTS, Sentences.PLACEHOLDERS);
    }

    private static Map<String, String> merged(Map<String, String> agencyDefaults) {
        Map<String, String> effective = new LinkedHashMap<>(Sentences.DEFAULTS);
        effective.putAll(agencyDefaults);
        return effective;
    }

    /**
     * @param stored       what this level stores (the year's own, or the agency's default)
     * @param effective    what the report uses
     * @param defaults     the built-in wording
     * @param placeholders what a template may use, with their meaning
     */
    public record Templates(int year, Map<String, String> stored, Map<String, String> effective,
            Map<String, String> defaults, Map<String, String> placeholders) {
    }

    @Transactional
    Templates saveTemplates(String agencyId, int year, Map<String, String> bodies, HubUser user) {
        editable(agencyId, user);
        if (year != 0) {
            checkYear(year);
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (bodies == null || bodies.isEmpty()) {
            problems.add(new FieldProblem("templates", "template.none", String.join("、", Sentences.DEFAULTS.keySet())));
        } else {
            for (Map.Entry<String, String> entry : bodies.entrySet()) {
                String field = "templates." + entry.getKey();
                if (!Sentences.DEFAULTS.containsKey(entry.getKey())) {
                    problems.add(new FieldProblem(field, "template.unknown", entry.getKey(),
                            String.join("、", Sentences.DEFAULTS.keySet())));
                } else if (entry.getValue() != null) {
                    Sentences.check(field, entry.getValue(), problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        store.saveTemplates(agencyId, year, bodies, user.username());
        audit.record(user.username(), agencyId, "REPORT_TEMPLATES", null,
                (year == 0 ? "全部年度" : year + "年度") + "：" + String.join("、", bodies.keySet()));
        return templates(agencyId, year, user);
    }

    List<HistoricRecords.Row> history(String agencyId, HubUser user) {
        readable(agencyId, user);
        return history.list(agencyId);
    }

    Set<Integer> importHistory(String agencyId, String csv, HubUser user) {
        readable(agencyId, user);
        if (!user.hasRole(Roles.ADMIN)) {
            throw ApiException.forbidden("report.importForbidden");
        }
        return history.importCsv(agencyId, csv, user, currentYear());
    }

    List<ReportStore.Publication> publications(String agencyId, int year, HubUser user) {
        readable(agencyId, user);
        return store.publications(agencyId, year);
    }

    /**
     * Publishes the year's report through the hub: an item of category 年度报告 for the portal and the disclosure
     * column, created as a draft and submitted to the agency's review chain like any other item (先审后公开), so
     * that the 签发 publishes it. Without a review chain it is approved on submission and the caller, or an
     * approver, publishes it. Refused while an earlier report item of the year is still on its way or published.
     */
    @Transactional
    Item publish(String agencyId, int year, HubUser user) {
        Agency agency = editable(agencyId, user);
        checkYear(year);
        if (store.figures(agencyId, year).isEmpty()) {
            throw ApiException.conflict("report.figuresMissing", year);
        }
        for (ReportStore.Publication earlier : store.publications(agencyId, year)) {
            if (earlier.status() != null && !earlier.status().equals(ItemStatus.WITHDRAWN.name())
                    && !earlier.status().equals(ItemStatus.REJECTED.name())) {
                throw ApiException.conflict("report.alreadyPublished", year, earlier.itemId(),
                        ItemStatus.valueOf(earlier.status()).label());
            }
        }
        Report report = build(agency, year);
        List<String> channels = REPORT_CHANNELS.stream().filter(agency.channels()::contains).toList();
        if (channels.isEmpty()) {
            throw ApiException.conflict("report.noChannel");
        }
        ItemRequest request = new ItemRequest(agencyId, report.title(),
                report.sentences().get(Sentences.CHANNEL), html.body(report), CATEGORY, CATEGORY, null,
                clock.instant().atZone(settings.zone()).toLocalDate(), channels, null, null, null, null, null);
        Item created = items.create(request, user);
        Item submitted = items.submit(created.id(), year + "年政府信息公开工作年度报告（条例第四十九条）", user);
        store.addPublication(agencyId, year, created.id(), user.username());
        return submitted;
    }
}
