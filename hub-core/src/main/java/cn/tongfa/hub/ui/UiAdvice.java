package cn.tongfa.hub.ui;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.Problems;

/**
 * What every page behind the login shares: the header's user, the formats, the language links, and an error
 * page in the user's language for a refusal the page itself did not handle (an unknown item, another
 * agency's item): never a stack trace, never JSON.
 */
@ControllerAdvice(assignableTypes = {BoardController.class, ItemPages.class, AuditController.class},
        annotations = HubPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiAdvice {

    private static final Logger log = LoggerFactory.getLogger(UiAdvice.class);

    private final AgencyDirectory agencies;
    private final UiFormat format;
    private final Problems problems;

    UiAdvice(AgencyDirectory agencies, UiFormat format, Problems problems) {
        this.agencies = agencies;
        this.format = format;
        this.problems = problems;
    }

    @ModelAttribute
    void common(HubUser user, Model model) {
        model.addAttribute("me", Header.of(user, agencies));
        addCommon(model, format);
    }

    static void addCommon(Model model, UiFormat format) {
        model.addAttribute("fmt", format);
        model.addAttribute("langZh", languageLink("zh_CN"));
        model.addAttribute("langEn", languageLink("en"));
    }

    private static String languageLink(String lang) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("lang", lang)
                .build().toUriString();
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException refusal, HubUser user, Locale locale, HttpServletResponse response) {
        return errorPage(refusal.status().value(), problems.message(refusal.messageKey(), locale, refusal.args()),
                user, response);
    }

    /** Anything else: the page says so in the user's language (the hub-wide handler would answer JSON). */
    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception failure, HubUser user, HttpServletResponse response) {
        log.error("UI request failed", failure);
        return errorPage(500, null, user, response);
    }

    private ModelAndView errorPage(int status, String message, HubUser user, HttpServletResponse response) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView("error");
        page.addObject("me", Header.of(user, agencies));
        page.addObject("fmt", format);
        page.addObject("langZh", languageLink("zh_CN"));
        page.addObject("langEn", languageLink("en"));
        page.addObject("status", status);
        page.addObject("uiMessage", message);
        return page;
    }
}
