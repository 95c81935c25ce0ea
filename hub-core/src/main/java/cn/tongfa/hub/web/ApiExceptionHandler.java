package cn.tongfa.hub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.servlet.MultipartConfigElement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Every API error as problem details in the caller's language. Malformed JSON names the field where the
 * parser stopped, so an editor or an integrator knows what to fix.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Problems problems;
    private final ObjectProvider<MultipartConfigElement> multipart;

    ApiExceptionHandler(Problems problems, ObjectProvider<MultipartConfigElement> multipart) {
        this.problems = problems;
        this.multipart = multipart;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException exception, Locale locale) {
        return ResponseEntity.status(exception.status()).body(problems.of(exception, locale));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException exception, Locale locale) {
        return ResponseEntity.badRequest().body(problems.invalid(locale,
                List.of(new ApiException.FieldProblem(exception.getName(), "field.badValue",
                        String.valueOf(exception.getValue())))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        Throwable cause = exception.getMostSpecificCause();
        DatabindException databind = null;
        for (Throwable t = exception; t != null && databind == null; t = t.getCause()) {
            if (t instanceof DatabindException found) {
                databind = found;
            }
        }
        List<ApiException.FieldProblem> fields = new ArrayList<>();
        if (databind != null && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            fields.add(new ApiException.FieldProblem(field, "field.badFormat"));
            return ResponseEntity.badRequest().body(problems.invalid(locale, fields));
        }
        String reason = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
        ProblemDetail problem = problems.of(HttpStatus.BAD_REQUEST, locale, "problem.malformed.detail", reason);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldProblem> fields = exception.getBindingResult().getFieldErrors().stream()
                .map(error -> new ApiException.FieldProblem(error.getField(), "field.invalid",
                        error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(problems.invalid(LocaleContextHolder.getLocale(), fields));
    }

    /** An upload larger than the container lets through (the media limits): 413 naming the limit. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        MultipartConfigElement config = multipart.getIfAvailable();
        long limit = config != null && config.getMaxFileSize() > 0 ? config.getMaxFileSize()
                : exception.getMaxUploadSize();
        String readable = limit <= 0 ? "?" : ByteSizes.readable(limit);
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problems.of(HttpStatus.PAYLOAD_TOO_LARGE,
                LocaleContextHolder.getLocale(), "media.tooLarge.request", readable));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        // Spring's own errors (405, 415, …): keep the status, phrase the title in the caller's language.
        if (body instanceof ProblemDetail problem) {
            problem.setTitle(problems.message("problem.title." + statusCode.value(), LocaleContextHolder.getLocale()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception, Locale locale) {
        log.error("unexpected error", exception);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(problems.of(HttpStatus.INTERNAL_SERVER_ERROR, locale, "problem.internal.detail"));
    }
}
