package cn.tongfa.sandbox.disclosure;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxRecorder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The city disclosure column as specified in {@code docs/disclosure-api.md}: signed pushes of catalogue
 * entries, idempotent on 索引号 + version, read-back, revocation and the public entry page.
 *
 * <p>App keys come from {@code tongfa.sandbox.disclosure.apps.<appKey>=<secret>}; with none configured any
 * app key is accepted when the request is signed with {@value #DEFAULT_SECRET}.
 */
@RestController
@RequestMapping("/sandbox/disclosure")
class DisclosureSimulator {

    static final String CHANNEL = "disclosure";
    static final String DEFAULT_SECRET = "sandbox-secret";
    /** The {@code endpoint} fault knob's names for the three operations (they share one path). */
    static final String PUSH = "push";
    static final String READ = "read";
    static final String REVOKE = "revoke";

    /** The contract's error codes, each with its HTTP status and a message like the platform's. */
    private static final Map<Integer, Refusal> CODES = Map.of(
            40001, new Refusal(HttpStatus.BAD_REQUEST, 40001, "字段 title 不能为空"),
            40002, new Refusal(HttpStatus.BAD_REQUEST, 40002, "请求体不是合法的 JSON"),
            40101, new Refusal(HttpStatus.UNAUTHORIZED, 40101, "未知的 app key"),
            40102, new Refusal(HttpStatus.UNAUTHORIZED, 40102, "签名不正确，请核对 app secret"),
            40103, new Refusal(HttpStatus.UNAUTHORIZED, 40103, "时间戳与平台时间相差超过 300 秒，请校准服务器时钟"),
            40401, new Refusal(HttpStatus.NOT_FOUND, 40401, "没有该索引号的信息"),
            40901, new Refusal(HttpStatus.CONFLICT, 40901, "版本过旧：平台已有更新的版本"),
            40902, new Refusal(HttpStatus.CONFLICT, 40902, "该索引号的此版本已以不同内容提交，请提高版本号"),
            42901, new Refusal(HttpStatus.TOO_MANY_REQUESTS, 42901, "请求过于频繁，请稍后再试"),
            50000, new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, 50000, "平台内部错误，请稍后再试"));

    private static final long CLOCK_WINDOW_SECONDS = 300;
    private static final Pattern INDEX_NO = Pattern.compile("[A-Za-z0-9._/-]{1,64}");
    private static final Set<String> VALIDITIES = Set.of("有效", "失效", "废止");
    private static final List<String> TEXT_FIELDS = List.of("indexNo", "title", "summary", "category", "publisher",
            "docNumber", "writtenOn", "publishedAt", "validity", "bodyHtml", "link", "itemId");

    private final SandboxRecorder recorder;
    private final SandboxFaults faults;
    private final Map<String, String> apps;
    private final Clock clock = Clock.systemUTC();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Stored> entries = new HashMap<>();

    DisclosureSimulator(SandboxRecorder recorder, SandboxFaults faults, Environment environment) {
        this.recorder = recorder;
        this.faults = faults;
        this.apps = Binder.get(environment)
                .bind("tongfa.sandbox.disclosure.apps", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
    }

    private record Stored(ObjectNode entry, int version, String url, boolean revoked, Instant receivedAt) {
    }

    /** A refusal answered in the contract's error envelope. */
    private static final class Refusal extends RuntimeException {
        private final HttpStatus status;
        private final int code;

        Refusal(HttpStatus status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    @PostMapping("/api/v1/catalog/entries")
    ResponseEntity<Map<String, Object>> push(@RequestHeader(name = "X-Tongfa-App-Key", required = false) String appKey,
            @RequestHeader(name = "X-Tongfa-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Tongfa-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        try {
            before(PUSH, appKey);
            byte[] bytes = body == null ? new byte[0] : body;
            authenticate(appKey, timestamp, signature, bytes);
            ObjectNode entry = validate(parse(bytes));
            long recordedBefore = recorder.recordedByThisThread();
            Map<String, Object> data = store(entry);
            faults.after(CHANNEL, PUSH, appKey, recorder.recordedByThisThread() > recordedBefore);
            return ok(data);
        } catch (Refusal refusal) {
            return refused(refusal);
        }
    }

    @GetMapping("/api/v1/catalog/entries/{*indexNo}")
    ResponseEntity<Map<String, Object>> read(@PathVariable String indexNo,
            @RequestHeader(name = "X-Tongfa-App-Key", required = false) String appKey,
            @RequestHeader(name = "X-Tongfa-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Tongfa-Signature", required = false) String signature) {
        try {
            before(READ, appKey);
            authenticate(appKey, timestamp, signature, new byte[0]);
            Stored stored = stored(trim(indexNo));
            Map<String, Object> data = new LinkedHashMap<>(json.convertValue(stored.entry(), Map.class));
            data.put("url", stored.url());
            data.put("status", stored.revoked() ? "revoked" : "published");
            data.put("receivedAt", stored.receivedAt().toString());
            faults.after(CHANNEL, READ, appKey);
            return ok(data);
        } catch (Refusal refusal) {
            return refused(refusal);
        }
    }

    @DeleteMapping("/api/v1/catalog/entries/{*indexNo}")
    ResponseEntity<Map<String, Object>> revoke(@PathVariable String indexNo,
            @RequestHeader(name = "X-Tongfa-App-Key", required = false) String appKey,
            @RequestHeader(name = "X-Tongfa-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Tongfa-Signature", required = false) String signature) {
        try {
            before(REVOKE, appKey);
            authenticate(appKey, timestamp, signature, new byte[0]);
            String key = trim(indexNo);
            Stored revoked;
            synchronized (entries) {
                Stored stored = stored(key);
                revoked = new Stored(stored.entry(), stored.version(), stored.url(), true, stored.receivedAt());
                entries.put(key, revoked);
            }
            while (recorder.markDeleted(CHANNEL, key)) {
                // every recorded version of the entry goes with it
            }
            faults.after(CHANNEL, REVOKE, appKey);
            return ok(data(key, revoked.version(), revoked.url(), "revoked"));
        } catch (Refusal refusal) {
            return refused(refusal);
        }
    }

    /** The entry's public page on the simulated disclosure column. */
    @GetMapping(path = "/entries/{*indexNo}", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    ResponseEntity<String> page(@PathVariable String indexNo) {
        Stored stored;
        synchronized (entries) {
            stored = entries.get(trim(indexNo));
        }
        if (stored == null || stored.revoked()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("<!DOCTYPE html><html lang=\"zh-CN\"><head>"
                    + "<meta charset=\"utf-8\"><title>信息不存在</title></head><body><p>该信息不存在或已撤销。</p>"
                    + "</body></html>");
        }
        JsonNode entry = stored.entry();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(escape(text(entry, "title"))).append("</title></head><body>")
                .append("<h1>").append(escape(text(entry, "title"))).append("</h1><table>");
        row(html, "索引号", text(entry, "indexNo"));
        row(html, "主题分类", text(entry, "category"));
        row(html, "发布机构", text(entry, "publisher"));
        row(html, "文号", text(entry, "docNumber"));
        row(html, "成文日期", text(entry, "writtenOn"));
        row(html, "发布日期", text(entry, "publishedAt"));
        row(html, "有效性", text(entry, "validity"));
        row(html, "内容概述", text(entry, "summary"));
        html.append("</table>");
        JsonNode attachments = entry.path("attachments");
        if (!attachments.isEmpty()) {
            html.append("<h2>附件</h2><ul>");
            for (JsonNode attachment : attachments) {
                html.append("<li><a href=\"").append(escape(text(attachment, "url"))).append("\">")
                        .append(escape(text(attachment, "name"))).append("</a> ")
                        .append(escape(text(attachment, "type"))).append(" ")
                        .append(attachment.path("size").asLong()).append(" 字节</li>");
            }
            html.append("</ul>");
        }
        html.append("<p><a href=\"").append(escape(text(entry, "link"))).append("\">查看原文</a></p>")
                .append("</body></html>");
        return ResponseEntity.ok(html.toString());
    }

    // Latency, outage and random failures, then an injected error code (docs/sandbox-faults.md).
    private void before(String endpoint, String appKey) {
        faults.before(CHANNEL, endpoint, appKey);
        Integer code = faults.errorCode(CHANNEL, endpoint, appKey);
        if (code != null) {
            Refusal refusal = CODES.get(code);
            throw refusal != null ? refusal
                    : new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, code, "模拟的错误码 " + code);
        }
    }

    private void authenticate(String appKey, String timestamp, String signature, byte[] body) {
        if (appKey == null || appKey.isBlank()) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, 40101, "缺少 X-Tongfa-App-Key");
        }
        String secret = apps.isEmpty() ? DEFAULT_SECRET : apps.get(appKey);
        if (secret == null) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, 40101, "未知的 app key：" + appKey);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, 40103, "X-Tongfa-Timestamp 应为 epoch 秒");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > CLOCK_WINDOW_SECONDS) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, 40103, "时间戳与平台时间相差超过 300 秒，请校准服务器时钟");
        }
        byte[] expected = sign(secret, timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = (signature == null ? "" : signature.trim().toLowerCase()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Refusal(HttpStatus.UNAUTHORIZED, 40102, "签名不正确，请核对 app secret");
        }
    }

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new Refusal(HttpStatus.BAD_REQUEST, 40002, "请求体应为 JSON 对象");
            }
            return node;
        } catch (JacksonException e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, 40002, "请求体不是合法的 JSON");
        }
    }

    // Keeps only the contract's fields, so that "same content" ignores fields a newer client may add.
    private ObjectNode validate(JsonNode body) {
        ObjectNode entry = json.createObjectNode();
        for (String field : TEXT_FIELDS) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isString()) {
                    throw invalid(field, "应为字符串");
                }
                entry.put(field, value.asString());
            }
        }
        if (!entry.has("validity")) {
            entry.put("validity", "有效");
        }
        String indexNo = text(entry, "indexNo");
        if (indexNo == null || !INDEX_NO.matcher(indexNo).matches() || !validSegments(indexNo)) {
            throw invalid("indexNo", "缺失或格式不正确（1–64 位字母、数字、- _ . /）");
        }
        JsonNode version = body.get("version");
        if (version == null || !version.isIntegralNumber() || version.asInt() < 1) {
            throw invalid("version", "应为不小于 1 的整数");
        }
        entry.put("version", version.asInt());
        requireLength(entry, "title", 1, 200);
        requireLength(entry, "publisher", 1, 200);
        if (text(entry, "summary") != null && text(entry, "summary").length() > 1000) {
            throw invalid("summary", "不能超过 1000 字");
        }
        if (text(entry, "writtenOn") != null) {
            try {
                LocalDate.parse(text(entry, "writtenOn"));
            } catch (DateTimeParseException e) {
                throw invalid("writtenOn", "应为日期，如 2026-11-20");
            }
        }
        try {
            OffsetDateTime.parse(required(entry, "publishedAt"));
        } catch (DateTimeParseException e) {
            throw invalid("publishedAt", "应为带时区的时间，如 2026-11-21T09:30:00+08:00");
        }
        if (!VALIDITIES.contains(text(entry, "validity"))) {
            throw invalid("validity", "应为 有效、失效 或 废止");
        }
        if (!isHttpUrl(required(entry, "link"))) {
            throw invalid("link", "应为 http 或 https 开头的完整网址");
        }
        try {
            entry.set("attachments", DisclosureAttachments.check(body.get("attachments")));
        } catch (DisclosureAttachments.Invalid invalid) {
            throw new Refusal(HttpStatus.BAD_REQUEST, invalid.code(), invalid.getMessage());
        }
        return entry;
    }

    private Map<String, Object> store(ObjectNode entry) {
        String indexNo = text(entry, "indexNo");
        int version = entry.get("version").asInt();
        String url = publicUrl(indexNo);
        synchronized (entries) {
            Stored stored = entries.get(indexNo);
            if (stored != null) {
                if (version < stored.version()) {
                    throw new Refusal(HttpStatus.CONFLICT, 40901,
                            "版本过旧：平台已有第 " + stored.version() + " 版，本次为第 " + version + " 版");
                }
                if (version == stored.version()) {
                    if (stored.revoked()) {
                        throw new Refusal(HttpStatus.CONFLICT, 40902, "该索引号的第 " + version + " 版已撤销，请以新版本重新发布");
                    }
                    if (!stored.entry().equals(entry)) {
                        throw new Refusal(HttpStatus.CONFLICT, 40902,
                                "该索引号的第 " + version + " 版已以不同内容提交，请提高版本号");
                    }
                    return data(indexNo, version, stored.url(), null);
                }
            }
            entries.put(indexNo, new Stored(entry, version, url, false, clock.instant()));
        }
        recorder.record(CHANNEL, indexNo, text(entry, "itemId"), text(entry, "title"), text(entry, "summary"), url,
                detail(entry));
        return data(indexNo, version, url, null);
    }

    private Stored stored(String indexNo) {
        synchronized (entries) {
            Stored stored = entries.get(indexNo);
            if (stored == null) {
                throw new Refusal(HttpStatus.NOT_FOUND, 40401, "没有索引号为 " + indexNo + " 的信息");
            }
            return stored;
        }
    }

    private String publicUrl(String indexNo) {
        StringBuilder path = new StringBuilder();
        for (String segment : indexNo.split("/")) {
            path.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                + "/sandbox/disclosure/entries" + path;
    }

    private static Map<String, Object> detail(ObjectNode entry) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (String field : List.of("version", "publisher", "category", "docNumber", "writtenOn", "publishedAt",
                "validity", "link")) {
            JsonNode value = entry.get(field);
            if (value != null && !value.isNull()) {
                detail.put(field, value.isNumber() ? value.asInt() : value.asString());
            }
        }
        detail.put("attachments", entry.get("attachments").size());
        List<String> names = new ArrayList<>();
        entry.get("attachments").forEach(attachment -> names.add(attachment.path("name").asString()));
        detail.put("attachmentNames", names);
        return detail;
    }

    private static Map<String, Object> data(String indexNo, int version, String url, String status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("indexNo", indexNo);
        data.put("version", version);
        data.put("url", url);
        if (status != null) {
            data.put("status", status);
        }
        return data;
    }

    private static ResponseEntity<Map<String, Object>> ok(Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("message", "ok");
        body.put("data", data);
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", refusal.code);
        body.put("message", refusal.getMessage());
        return ResponseEntity.status(refusal.status).body(body);
    }

    private static Refusal invalid(String field, String problem) {
        return new Refusal(HttpStatus.BAD_REQUEST, 40001, "字段 " + field + " " + problem);
    }

    private static void requireLength(JsonNode entry, String field, int min, int max) {
        String value = text(entry, field);
        if (value == null || value.strip().length() < min) {
            throw invalid(field, "不能为空");
        }
        if (value.length() > max) {
            throw invalid(field, "不能超过 " + max + " 字");
        }
    }

    private static String required(JsonNode entry, String field) {
        String value = text(entry, field);
        if (value == null || value.isBlank()) {
            throw invalid(field, "不能为空");
        }
        return value;
    }

    private static boolean validSegments(String indexNo) {
        for (String segment : indexNo.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHttpUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    private static String trim(String capturedPath) {
        return capturedPath.startsWith("/") ? capturedPath.substring(1) : capturedPath;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th>").append(label).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    private static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
