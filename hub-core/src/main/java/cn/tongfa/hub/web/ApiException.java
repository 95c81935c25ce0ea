package cn.tongfa.hub.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * An answer other than success, with a message key (resolved in the caller's language, Chinese by default)
 * and, for invalid input, the fields at fault.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String messageKey;
    private final transient Object[] args;
    private final transient List<FieldProblem> fields;

    public ApiException(HttpStatus status, String messageKey, Object... args) {
        this(status, List.of(), messageKey, args);
    }

    private ApiException(HttpStatus status, List<FieldProblem> fields, String messageKey, Object... args) {
        super(messageKey);
        this.status = status;
        this.messageKey = messageKey;
        this.args = args;
        this.fields = List.copyOf(fields);
    }

    /**
     * One field that is wrong: the JSON path of the field, a message key and its arguments, and the channel
     * when the field is wrong for one channel only (the problem details then name it).
     */
    public record FieldProblem(String field, String messageKey, Object[] args, String channel) {

        public FieldProblem(String field, String messageKey, Object... args) {
            this(field, messageKey, args, null);
        }

        /** A field that breaks one channel's limit. */
        public static FieldProblem ofChannel(String channel, String field, String messageKey, Object... args) {
            return new FieldProblem(field, messageKey, args, channel);
        }
    }

    public static ApiException invalid(List<FieldProblem> fields) {
        return new ApiException(HttpStatus.BAD_REQUEST, fields, "problem.validation.detail", fields.size());
    }

    public static ApiException notFound(String messageKey, Object... args) {
        return new ApiException(HttpStatus.NOT_FOUND, messageKey, args);
    }

    public static ApiException conflict(String messageKey, Object... args) {
        return new ApiException(HttpStatus.CONFLICT, messageKey, args);
    }

    public static ApiException forbidden(String messageKey, Object... args) {
        return new ApiException(HttpStatus.FORBIDDEN, messageKey, args);
    }

    public HttpStatus status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }

    public List<FieldProblem> fields() {
        return fields;
    }
}
