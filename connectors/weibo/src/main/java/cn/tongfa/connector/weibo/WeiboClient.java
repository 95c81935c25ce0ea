package cn.tongfa.connector.weibo;

import java.io.IOException;
import java.time.Duration;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
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
 * The few calls of Weibo's {@code /2/statuses/} API the connector needs, over OkHttp. Answers come back as
 * they are; classifying Weibo's error codes is the connector's business. Thread-safe; one instance serves every
 * account.
 */
public class WeiboClient implements AutoCloseable {

    /** Statuses asked for per timeline page. */
    public static final int PAGE_SIZE = 50;

    private final HttpUrl statuses;
    private final OkHttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param apiBase Weibo's API address without {@code /2/…}
     * @throws IllegalArgumentException when the address is not an http(s) URL
     */
    public WeiboClient(String apiBase, Duration connectTimeout, Duration readTimeout) {
        HttpUrl base = HttpUrl.get(apiBase.endsWith("/") ? apiBase : apiBase + "/");
        this.statuses = base.newBuilder().addPathSegments("2/statuses").build();
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                // Never repeat a post behind our back: a doubtful one is looked up instead.
                .retryOnConnectionFailure(false)
                .eventListenerFactory(call -> new SentListener())
                .build();
    }

    /**
     * Weibo's answer.
     *
     * @param status    HTTP status
     * @param errorCode Weibo's {@code error_code}, or 0 when the answer is not an error
     * @param error     Weibo's {@code error} text, or a description of what came back
     * @param body      the parsed body, or a null node when it was not JSON
     */
    public record Answer(int status, int errorCode, String error, JsonNode body) {

        public boolean ok() {
            return status / 100 == 2 && errorCode == 0 && body.isObject();
        }
    }

    /** The call failed without an answer; {@link #sent()} tells whether the request may have reached Weibo. */
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

    /** Posts a status with a link ({@code statuses/share.json}). */
    public Answer share(String accessToken, String text) throws CallFailure {
        return share(accessToken, text, null);
    }

    /**
     * Posts a status with a link and, when given, a picture ({@code statuses/share.json}, multipart {@code pic}).
     */
    public Answer share(String accessToken, String text, WeiboPicture picture) throws CallFailure {
        RequestBody body;
        if (picture == null) {
            body = new FormBody.Builder()
                    .add("access_token", accessToken)
                    .add("status", text)
                    .build();
        } else {
            body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                    .addFormDataPart("access_token", accessToken)
                    .addFormDataPart("status", text)
                    .addFormDataPart("pic", picture.fileName(),
                            RequestBody.create(picture.bytes(), MediaType.get(picture.mediaType())))
                    .build();
        }
        return call(new Request.Builder().url(statuses.newBuilder().addPathSegment("share.json").build())
                .post(body));
    }

    /** One page of the account's own statuses, newest first ({@code statuses/user_timeline.json}). */
    public Answer userTimeline(String accessToken, int page) throws CallFailure {
        return userTimeline(accessToken, page, PAGE_SIZE);
    }

    /**
     * The account's latest status only: the cheapest call that Weibo answers only for a valid token, used to check
     * the token at start-up.
     */
    public Answer latest(String accessToken) throws CallFailure {
        return userTimeline(accessToken, 1, 1);
    }

    private Answer userTimeline(String accessToken, int page, int count) throws CallFailure {
        HttpUrl url = statuses.newBuilder().addPathSegment("user_timeline.json")
                .addQueryParameter("access_token", accessToken)
                .addQueryParameter("count", Integer.toString(count))
                .addQueryParameter("page", Integer.toString(page))
                .build();
        return call(new Request.Builder().url(url).get());
    }

    /** Deletes one of the account's statuses ({@code statuses/destroy.json}). */
    public Answer destroy(String accessToken, String id) throws CallFailure {
        FormBody form = new FormBody.Builder()
                .add("access_token", accessToken)
                .add("id", id)
                .build();
        return call(new Request.Builder().url(statuses.newBuilder().addPathSegment("destroy.json").build())
                .post(form));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private Answer call(Request.Builder builder) throws CallFailure {
        Sent sent = new Sent();
        Request request = builder.header("Accept", "application/json").tag(Sent.class, sent).build();
        try (Response response = http.newCall(request).execute()) {
            return answer(response);
        } catch (IOException e) {
            throw new CallFailure(sent.value, e);
        }
    }

    private Answer answer(Response response) throws IOException {
        ResponseBody responseBody = response.body();
        String text = responseBody == null ? "" : responseBody.string();
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (JacksonException e) {
            return new Answer(response.code(), 0, "HTTP " + response.code(), NullNode.getInstance());
        }
        if (body == null) {
            body = NullNode.getInstance();
        }
        int errorCode = body.path("error_code").asInt(0);
        String error = body.hasNonNull("error") ? body.get("error").asString() : "HTTP " + response.code();
        return new Answer(response.code(), errorCode, error, body);
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
