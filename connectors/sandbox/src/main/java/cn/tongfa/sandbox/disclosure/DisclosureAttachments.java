package cn.tongfa.sandbox.disclosure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The disclosure column's rules for an entry's attachments ({@code docs/disclosure-api.md}, "Attachments"), each
 * broken rule with its error code. Kept apart from the simulator's HTTP handling so that the rules can be read, and
 * tested, as the contract states them.
 */
final class DisclosureAttachments {

    /** An attachment field missing, of the wrong JSON type, or the list not a list of objects. */
    static final int MISSING = 40010;
    /** A type the column does not take. */
    static final int TYPE = 40011;
    /** A size of 0 or less, or over {@link #MAX_SIZE}. */
    static final int SIZE = 40012;
    /** A SHA-256 that is not 64 lower-case hex digits. */
    static final int SHA256 = 40013;
    /** A URL that is not absolute http or https. */
    static final int URL = 40014;
    /** More than {@link #MAX_COUNT} attachments. */
    static final int COUNT = 40015;

    /** At most this many attachments per entry. */
    static final int MAX_COUNT = 20;
    /** At most this many bytes per attachment: 100 MB, twice the hub's default document limit. */
    static final long MAX_SIZE = 100L * 1024 * 1024;
    /** At most this many characters in a display name. */
    static final int MAX_NAME = 200;

    /** The MIME types the column takes: the documents agencies publish, archives of them, and images. */
    static final Set<String> TYPES = Set.of(
            "application/pdf",
            "application/ofd",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/kswps",
            "application/wps-office.wps",
            "application/vnd.ms-works",
            "application/kset",
            "application/wps-office.et",
            "application/zip",
            "image/jpeg",
            "image/png",
            "image/gif");

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private DisclosureAttachments() {
    }

    /** A broken rule: the contract's code and a message naming the field. */
    static final class Invalid extends RuntimeException {
        private final int code;

        Invalid(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /**
     * The attachments as the column stores them (the contract's fields only), checked in order; the first rule
     * broken is answered.
     *
     * @param attachments the entry's {@code attachments}, null when absent
     * @throws Invalid with the code of the rule broken
     */
    static ArrayNode check(JsonNode attachments) {
        ArrayNode stored = JsonNodeFactory.instance.arrayNode();
        if (attachments == null || attachments.isNull()) {
            return stored;
        }
        if (!attachments.isArray()) {
            throw new Invalid(MISSING, "字段 attachments 应为数组");
        }
        if (attachments.size() > MAX_COUNT) {
            throw new Invalid(COUNT, "附件过多：共 " + attachments.size() + " 个，每条信息最多 " + MAX_COUNT + " 个");
        }
        for (int i = 0; i < attachments.size(); i++) {
            JsonNode attachment = attachments.get(i);
            String field = "attachments[" + i + "]";
            if (!attachment.isObject()) {
                throw new Invalid(MISSING, "字段 " + field + " 应为对象");
            }
            String name = text(attachment, field, "name");
            if (name.isBlank() || name.length() > MAX_NAME) {
                throw new Invalid(MISSING, "字段 " + field + ".name 应为 1–" + MAX_NAME + " 字的附件名称");
            }
            String type = text(attachment, field, "type");
            String baseType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!TYPES.contains(baseType)) {
                throw new Invalid(TYPE, "附件「" + name + "」的类型 " + type + " 不在平台接受的范围内（PDF、OFD、Word、Excel、WPS、"
                        + "ZIP 或 JPEG/PNG/GIF 图片）");
            }
            JsonNode size = attachment.get("size");
            if (size == null || size.isNull() || !size.isIntegralNumber()) {
                throw new Invalid(MISSING, "字段 " + field + ".size 缺失或不是整数（字节数）");
            }
            if (size.asLong() <= 0 || size.asLong() > MAX_SIZE) {
                throw new Invalid(SIZE, "附件「" + name + "」的大小 " + size.asLong() + " 字节不在 1 至 " + MAX_SIZE
                        + " 字节（100 MB）之间");
            }
            String sha256 = text(attachment, field, "sha256");
            if (!SHA.matcher(sha256).matches()) {
                throw new Invalid(SHA256, "附件「" + name + "」的 sha256 应为 64 位小写十六进制数字");
            }
            String url = text(attachment, field, "url");
            if (!isAbsoluteHttp(url)) {
                throw new Invalid(URL, "附件「" + name + "」的 url 应为 http 或 https 开头的完整网址");
            }
            stored.addObject().put("name", name).put("type", type).put("size", size.asLong()).put("sha256", sha256)
                    .put("url", url);
        }
        return stored;
    }

    private static String text(JsonNode attachment, String field, String name) {
        JsonNode value = attachment.get(name);
        if (value == null || value.isNull() || !value.isString()) {
            throw new Invalid(MISSING, "字段 " + field + "." + name + " 缺失或不是字符串");
        }
        return value.asString();
    }

    static boolean isAbsoluteHttp(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
