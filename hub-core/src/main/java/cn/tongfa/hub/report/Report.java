package cn.tongfa.hub.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One agency's report for one year, everything filled in: what the HTML, DOCX and XLSX renderings show.
 *
 * @param sentences       the agency's sentences rendered with the counts (channelSentence, …)
 * @param figuresEnteredBy who last saved the entered figures; null while none are entered
 */
public record Report(String agency, String agencyName, int year, Counts counts, Figures figures, String figuresEnteredBy,
        Instant figuresEnteredAt, Map<String, String> sentences, List<Section> sections) {

    static final String TO_FILL = "（待填写）";

    /** A section: paragraphs, then a table (or none), then more paragraphs. */
    public record Section(String title, List<String> before, Grid table, List<String> after) {
    }

    public String title() {
        return agencyName + year + "年政府信息公开工作年度报告";
    }

    /** The hub's own statistics table of section 一. */
    public Grid statistics() {
        return sections.get(0).table();
    }

    public List<Grid> tables() {
        return List.of(sections.get(1).table(), sections.get(2).table(), sections.get(3).table(), statistics());
    }
}
