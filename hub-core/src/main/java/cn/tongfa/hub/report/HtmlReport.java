package cn.tongfa.hub.report;

import java.util.Locale;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** The report as HTML: a whole printable page (preview, {@code .html}), or its body alone (the published item). */
@Component
class HtmlReport {

    private final ITemplateEngine templates;

    HtmlReport(ITemplateEngine templates) {
        this.templates = templates;
    }

    String page(Report report) {
        return templates.process("report/document", context(report));
    }

    /** The sections and tables, in the markup an item body allows (no styles, no scripts). */
    String body(Report report) {
        return templates.process("report/body", java.util.Set.of("body"), context(report)).strip();
    }

    private static Context context(Report report) {
        Context context = new Context(Locale.SIMPLIFIED_CHINESE);
        context.setVariable("report", report);
        return context;
    }
}
