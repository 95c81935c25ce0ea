package cn.tongfa.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.TestPostgres;

/**
 * The production store on PostgreSQL: a file of several 1 MiB chunks goes in and comes out whole and in ranges
 * across chunk borders, and the signing key is the database's, so any hub process verifies another's addresses.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MediaPostgresIT {

    static final String PASSWORD = "media-pg-secret";
    static final int PORT = FreePort.find();
    static final String BASE = "http://localhost:" + PORT;
    private static String databaseUrl;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MediaLibrary library;

    @Autowired
    MediaSettings settings;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void database() {
        databaseUrl = TestPostgres.newDatabase();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("tongfa.kafka.embedded.enabled", () -> "false");
        registry.add("tongfa.roles", () -> "api");
        registry.add("tongfa.sandbox.enabled", () -> "false");
        registry.add("tongfa.media.store", () -> "database");
        registry.add("TONGFA_ADMIN_PASSWORD", () -> PASSWORD);
        registry.add("tongfa.agencies[0].id", () -> "xfj");
        registry.add("tongfa.agencies[0].name", () -> "示范市信访局");
        registry.add("tongfa.agencies[0].channels", () -> "portal");
        registry.add("tongfa.demo.users[0].username", () -> "bianji");
        registry.add("tongfa.demo.users[0].password", () -> PASSWORD);
        registry.add("tongfa.demo.users[0].agency", () -> "xfj");
        registry.add("tongfa.demo.users[0].roles", () -> "EDITOR");
    }

    @Test
    void aFileOfSeveralChunksIsStoredAndServedChunkByChunk() throws Exception {
        int chunk = DatabaseMediaStore.CHUNK;
        byte[] pdf = MediaSamples.pdf();
        byte[] bytes = Arrays.copyOf(pdf, 2 * chunk + 12_345);
        // Not a run of zeros after the PDF: each chunk differs, so a chunk served twice or out of order shows.
        new Random(13).nextBytes(bytes);
        System.arraycopy(pdf, 0, bytes, 0, pdf.length);

        HttpResponse<byte[]> upload = send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/media"))
                .header("Authorization", basic())
                .header("Content-Type", "multipart/form-data; boundary=b0undary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("大型附件.pdf", bytes))));
        assertThat(upload.statusCode()).as(new String(upload.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        JsonNode answer = JsonMapper.builder().build().readTree(upload.body());
        String id = answer.get("id").asString();
        assertThat(answer.get("size").asLong()).isEqualTo(bytes.length);

        assertThat(jdbc.sql("select count(*) from media_chunk where media_id = ?").param(id).query(Long.class)
                .single()).isEqualTo(3);
        assertThat(jdbc.sql("select max(length(data)) from media_chunk where media_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(chunk);

        HttpResponse<byte[]> whole = send(get(id).header("Authorization", basic()));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);

        int from = chunk - 10;
        int to = 2 * chunk + 20;
        HttpResponse<byte[]> across = send(get(id).header("Authorization", basic())
                .header("Range", "bytes=" + from + "-" + to));
        assertThat(across.statusCode()).isEqualTo(206);
        assertThat(across.body()).isEqualTo(Arrays.copyOfRange(bytes, from, to + 1));
        HttpResponse<byte[]> last = send(get(id).header("Authorization", basic()).header("Range", "bytes=-100"));
        assertThat(last.body()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 100, bytes.length));

        try (InputStream in = library.open(library.find(id, "xfj").orElseThrow())) {
            assertThat(in.skip(chunk + 5L)).isEqualTo(chunk + 5L);
            assertThat(in.read()).isEqualTo(bytes[chunk + 5] & 0xff);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            in.transferTo(rest);
            assertThat(rest.size()).isEqualTo(bytes.length - chunk - 6);
        }

        assertThat(send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/media/" + id))
                .header("Authorization", basic()).DELETE()).statusCode()).isEqualTo(204);
        assertThat(jdbc.sql("select count(*) from media_chunk where media_id = ?").param(id).query(Long.class)
                .single()).isZero();
        assertThat(send(get(id).header("Authorization", basic())).statusCode()).isEqualTo(404);
    }

    @Test
    void everyHubProcessSignsWithTheKeyKeptInTheDatabase() {
        assertThat(jdbc.sql("select count(*) from media_signing_key").query(Long.class).single()).isEqualTo(1);
        String signed = library.signedUrl("0123456789abcdefghij", Duration.ofMinutes(5));
        String query = signed.substring(signed.indexOf('?') + 1);
        String exp = query.replaceAll("exp=(\\d+)&.*", "$1");
        String sig = query.replaceAll(".*sig=", "");
        // Another process reads the same row instead of generating a key of its own.
        MediaSigner another = MediaSigner.of(settings, jdbc, Clock.systemUTC());
        assertThat(another.verify("0123456789abcdefghij", exp, sig)).isTrue();
        assertThat(another.verify("0123456789abcdefghik", exp, sig)).isFalse();
    }

    private static HttpRequest.Builder get(String id) {
        return HttpRequest.newBuilder(URI.create(BASE + "/media/" + id)).GET();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("bianji:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] multipart(String name, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes("\r\n--b0undary--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
