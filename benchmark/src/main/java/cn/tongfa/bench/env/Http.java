package cn.tongfa.bench.env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP/1.1 client of the hub, as an integrator calls it (java.net.http). Thread-safe. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    public Http(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Http withAuthorization(String authorization) {
        return new Http(base, authorization);
    }

    public String base() {
        return base;
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public Response post(String path, Object body) throws IOException, InterruptedException {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    public Response send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body());
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** A response; {@link #json()} parses the body. */
    public record Response(int status, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The response, or an exception naming status and body when the status is not the expected one. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + ", got " + status + ": "
                        + (body.length() > 500 ? body.substring(0, 500) : body));
            }
            return this;
        }
    }
}
