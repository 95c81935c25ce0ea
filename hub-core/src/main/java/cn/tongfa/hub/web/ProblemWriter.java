package cn.tongfa.hub.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

/** Writes problem details from servlet filters (security), where controller advice does not reach. */
@Component
public class ProblemWriter {

    private final Problems problems;
    private final JsonMapper json;
    private final LocaleResolver locales;

    ProblemWriter(Problems problems, JsonMapper json, LocaleResolver locales) {
        this.problems = problems;
        this.json = json;
        this.locales = locales;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detailKey)
            throws IOException {
        ProblemDetail problem = problems.of(status, locales.resolveLocale(request), detailKey);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
