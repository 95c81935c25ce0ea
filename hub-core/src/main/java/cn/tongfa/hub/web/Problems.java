package cn.tongfa.hub.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds RFC 9457 problem details with messages in the caller's language. */
@Component
public class Problems {

    private final MessageSource messages;

    Problems(MessageSource messages) {
        this.messages = messages;
    }

    public ProblemDetail of(HttpStatus status, Locale locale, String detailKey, Object... args) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(message("problem.title." + status.value(), locale));
        problem.setDetail(message(detailKey, locale, args));
        return problem;
    }

    public ProblemDetail of(ApiException exception, Locale locale) {
        ProblemDetail problem = of(exception.status(), locale, exception.messageKey(), exception.args());
        if (!exception.fields().isEmpty()) {
            problem.setProperty("errors", exception.fields().stream().map(field -> {
                Map<String, String> error = new LinkedHashMap<>();
                error.put("field", field.field());
                error.put("message", message(field.messageKey(), locale, field.args()));
                if (field.channel() != null) {
                    error.put("channel", field.channel());
                }
                return error;
            }).toList());
        }
        return problem;
    }

    public ProblemDetail invalid(Locale locale, List<ApiException.FieldProblem> fields) {
        return of(ApiException.invalid(fields), locale);
    }

    public String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
