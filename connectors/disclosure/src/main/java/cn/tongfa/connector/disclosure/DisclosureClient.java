package cn.tongfa.connector.disclosure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The disclosure column's HTTP API ({@code docs/disclosure-api.md}): signs each request with the agency's app
 * secret and returns the platform's envelope as it came. Classifying answers is the connector's business.
 * Thread-safe; one instance serves every agency.
 */
public class DisclosureClient implements AutoCloseable {

    static final String ENTRIES_PATH = "api/v1/catalog/entries";

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl entries;
    private final OkHttpClient http;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param endpoint the platform's base address
     * @param clock    the clock timestamps are signed with
     * @throws IllegalArgumentException when the endpoint is not an http(s) URL
     */
    public DisclosureClient(String endpoint, Duration connectTimeout, Duration readTimeout, Clock clock) {
        HttpUrl base = HttpUrl.get(endpoint.endsWith("/") ? endpoint : endpoint + "/");
        this.entries = base.newBuilder().addPathSegments(ENTRIES_PATH).build();
        this.clock = clock;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                // A push must never be repeated behind our back: a doubtful one is looked up instead.
                .retryOnConnectionFailure(false)
                .eventListenerFactory(call -> new SentListener())
                .build();
    }

    /**
     * The platform's answer.
     *
     * @param status  HTTP status
     * @param code    the envelope's {@code code} (0 for success), or -1 when the body was not the envelope
     * @param message the envelope's {@code message}, or a description of what came back instead
     * @param data    the envelope's {@code data}, or a null node
     */
    public record Answer(int status, int code, String message, JsonNode data) {

        public boolean ok() {
            return status / 100 == 2 && code == 0;
        }

        /** A text field of {@link #data()}, or null. */
        public String text(String field) {
            JsonNode value = data.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    /** The call failed without an answer; {@link #sent()} tells whether the request may have reached the platform. */
    public static final class CallFailure extends IOException {
        private final boolean sent;

        CallFailure(boolean sent, IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
            this.sent = sent;
        }

        public boolean sent() {
            return sent;
        }
    }

    /** Publishes or updates an entry ({@code POST …/entries}). */
    public Answer push(DisclosureAccount account, DisclosureEntry entry) throws CallFailure {
        byte[] body = json.writeValueAsBytes(entry);
        return call(account, "POST", entries, body);
    }

    /** Reads an entry back ({@code GET …/entries/{indexNo}}). */
    public Answer get(DisclosureAccount account, String indexNo) throws CallFailure {
        return call(account, "GET", entry(indexNo), null);
    }

    /** Revokes an entry ({@code DELETE …/entries/{indexNo}}). */
    public Answer revoke(DisclosureAccount account, String indexNo) throws CallFailure {
        return call(account, "DELETE", entry(indexNo), null);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Lowercase hex HMAC-SHA256 of {@code timestamp + "\n" + body} under the secret, as the contract defines. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private HttpUrl entry(String indexNo) {
        // addPathSegments splits on '/' and encodes each segment, as the contract asks for slashed 索引号.
        return entries.newBuilder().addPathSegments(indexNo).build();
    }

    private Answer call(DisclosureAccount account, String method, HttpUrl url, byte[] body) throws CallFailure {
        byte[] signed = body == null ? new byte[0] : body;
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Sent sent = new Sent();
        Request request = new Request.Builder()
                .url(url)
                .method(method, body == null ? null : RequestBody.create(body, JSON))
                .header("Accept", "application/json")
                .header("X-Tongfa-App-Key", account.appKey())
                .header("X-Tongfa-Timestamp", timestamp)
                .header("X-Tongfa-Signature", sign(account.appSecret(), timestamp, signed))
                .tag(Sent.class, sent)
                .build();
        try (Response response = http.newCall(request).execute()) {
            return answer(response);
        } catch (IOException e) {
            throw new CallFailure(sent.value, e);
        }
    }

    private Answer answer(Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        try {
            JsonNode envelope = json.readTree(text);
            if (envelope != null && envelope.isObject() && envelope.has("code")) {
                JsonNode data = envelope.get("data");
                return new Answer(response.code(), envelope.get("code").asInt(-1),
                        envelope.path("message").asString(""), data == null ? NullNode.getInstance() : data);
            }
        } catch (JacksonException e) {
            // Not the envelope (a proxy's error page, say): described below by its status.
        }
        return new Answer(response.code(), -1, "HTTP " + response.code(), NullNode.getInstance());
    }

    private static final class Sent {
        volatile boolean value;
    }

    private static final class SentListener extends EventListener {
        @Override
        public void requestHeadersStart(Call call) {
            Sent sent = call.request().tag(Sent.class);
            if (sent != null) {
                sent.value = true;
            }
        }
    }
}
