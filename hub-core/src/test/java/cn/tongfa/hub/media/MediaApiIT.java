package cn.tongfa.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/**
 * The media API's contract over real HTTP on the embedded default's database (H2): sniffing, dedup, limits,
 * refusals, agency scoping, drafts not public (signed addresses, publication, withdrawal), ranges and the
 * download name, and items using media down to the event the outbox holds for the channels. Only the API role
 * runs, so events stay in the outbox to be read.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MediaApiIT {

    static final String PASSWORD = "media-it-secret";
    static final int PORT = FreePort.find();
    static final String BASE = "http://localhost:" + PORT;
    static final long IMAGE_LIMIT = 100 * 1024;
    static final long DOCUMENT_LIMIT = 200 * 1024;
    private static Path home;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MediaLibrary library;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void home() throws IOException {
        home = Files.createTempDirectory("tongfa-media-it-");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:media-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("tongfa.kafka.embedded.enabled", () -> "false");
        registry.add("tongfa.roles", () -> "api");
        registry.add("tongfa.sandbox.enabled", () -> "false");
        registry.add("tongfa.media.dir", () -> home.resolve("media").toString());
        registry.add("tongfa.media.max-image-size", () -> IMAGE_LIMIT + "B");
        registry.add("tongfa.media.max-document-size", () -> DOCUMENT_LIMIT + "B");
        registry.add("tongfa.connectors.portal.root", () -> home.resolve("portal").toString());
        registry.add("TONGFA_ADMIN_PASSWORD", () -> PASSWORD);
        String[][] agencies = {{"xfj", "示范市信访局"}, {"tjj", "示范市统计局"}};
        for (int i = 0; i < agencies.length; i++) {
            int n = i;
            registry.add("tongfa.agencies[" + i + "].id", () -> agencies[n][0]);
            registry.add("tongfa.agencies[" + i + "].name", () -> agencies[n][1]);
            registry.add("tongfa.agencies[" + i + "].channels", () -> "portal");
            registry.add("tongfa.agencies[" + i + "].review-chain", () -> "");
        }
        String[][] users = {{"bianji", "xfj", "EDITOR"}, {"waiju", "tjj", "EDITOR"}, {"yunwei", "xfj", "OPERATOR"}};
        for (int i = 0; i < users.length; i++) {
            int n = i;
            registry.add("tongfa.demo.users[" + i + "].username", () -> users[n][0]);
            registry.add("tongfa.demo.users[" + i + "].password", () -> PASSWORD);
            registry.add("tongfa.demo.users[" + i + "].agency", () -> users[n][1]);
            registry.add("tongfa.demo.users[" + i + "].roles", () -> users[n][2]);
        }
    }

    @Test
    void uploadsAreTypedByTheirBytesAndDescribed() {
        Answer png = upload("bianji", "封面图.png", MediaSamples.png(320, 200));
        assertThat(png.status).isEqualTo(201);
        JsonNode body = png.json();
        String id = body.get("id").asString();
        assertThat(body.get("url").asString()).isEqualTo(BASE + "/media/" + id);
        assertThat(body.get("contentType").asString()).isEqualTo("image/png");
        assertThat(body.get("size").asLong()).isEqualTo(MediaSamples.png(320, 200).length);
        assertThat(body.get("sha256").asString()).isEqualTo(sha256(MediaSamples.png(320, 200)));
        assertThat(body.get("name").asString()).isEqualTo("封面图.png");
        assertThat(body.get("width").asInt()).isEqualTo(320);
        assertThat(body.get("height").asInt()).isEqualTo(200);
        assertThat(png.header("Location")).isEqualTo("/api/v1/media/" + id);

        assertThat(upload("bianji", "照片.jpg", MediaSamples.jpeg(40, 30)).json().get("contentType").asString())
                .isEqualTo("image/jpeg");
        assertThat(upload("bianji", "动图.gif", MediaSamples.gif(16, 16)).json().get("kind").asString())
                .isEqualTo("IMAGE");
        // The name says nothing: a PDF named .jpg is a PDF.
        Answer pdf = upload("bianji", "扫描件.jpg", MediaSamples.pdf());
        assertThat(pdf.status).isEqualTo(201);
        assertThat(pdf.json().get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(pdf.json().get("kind").asString()).isEqualTo("DOCUMENT");
        assertThat(pdf.json().get("width").isNull()).isTrue();
        assertThat(upload("bianji", "报名表.docx", MediaSamples.docx()).json().get("contentType").asString())
                .isEqualTo(MediaTypes.DOCX);
        assertThat(upload("bianji", "名单.et", MediaSamples.ole2("Workbook")).json().get("contentType").asString())
                .isEqualTo("application/vnd.ms-excel");
        assertThat(upload("bianji", "公文.ofd", MediaSamples.ofd()).json().get("contentType").asString())
                .isEqualTo("application/ofd");
        byte[] zip = MediaSamples.zip(Charset.forName("GBK"), Map.of("附件1.pdf", MediaSamples.pdf(),
                "附件2.xlsx", MediaSamples.xlsx()));
        assertThat(upload("bianji", "附件.zip", zip).json().get("contentType").asString()).isEqualTo("application/zip");

        Answer described = get("bianji", "/api/v1/media/" + id);
        assertThat(described.status).isEqualTo(200);
        assertThat(described.json().get("name").asString()).isEqualTo("封面图.png");

        Answer byAdmin = send(request("admin", "/api/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("统计图.png", MediaSamples.png(12, 9), "tjj"))));
        assertThat(byAdmin.status).isEqualTo(201);
        assertThat(byAdmin.json().get("agency").asString()).isEqualTo("tjj");
        Answer adminWithoutAgency = send(request("admin", "/api/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("统计图.png", MediaSamples.png(12, 9), null))));
        assertThat(adminWithoutAgency.status).isEqualTo(400);
        assertThat(adminWithoutAgency.json().get("errors").get(0).get("field").asString()).isEqualTo("agency");
        Answer intoAnotherAgency = send(request("bianji", "/api/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("统计图.png", MediaSamples.png(12, 9), "tjj"))));
        assertThat(intoAnotherAgency.status).isEqualTo(403);

        JsonNode paths = get(null, "/v3/api-docs").json().get("paths");
        assertThat(paths.has("/api/v1/media")).isTrue();
        assertThat(paths.has("/api/v1/media/{id}")).isTrue();
        assertThat(paths.has("/media/{id}")).isTrue();
    }

    @Test
    void whatIsNotAnAcceptedFileIsRefusedNamingTheFileAndWhatItIs() {
        Answer page = upload("bianji", "x.pdf", MediaSamples.html());
        assertThat(page.status).isEqualTo(415);
        assertThat(page.header("Content-Type")).startsWith("application/problem+json");
        assertThat(page.json().get("detail").asString()).contains("“x.pdf”", "实际是HTML 网页");

        Answer program = upload("bianji", "x.doc", MediaSamples.exe());
        assertThat(program.status).isEqualTo(415);
        assertThat(program.json().get("detail").asString()).contains("“x.doc”", "可执行程序");

        Answer webp = upload("bianji", "photo.webp", MediaSamples.webp());
        assertThat(webp.status).isEqualTo(415);
        assertThat(webp.json().get("detail").asString()).contains("WebP", "JPG 或 PNG");

        byte[] zipWithProgram = MediaSamples.zip(Charset.forName("GBK"), Map.of("通知.pdf", MediaSamples.pdf(),
                "安装.exe", MediaSamples.exe()));
        Answer zip = upload("bianji", "材料.zip", zipWithProgram);
        assertThat(zip.status).isEqualTo(415);
        assertThat(zip.json().get("detail").asString()).contains("“材料.zip”", "“安装.exe”", "可执行程序");

        Answer english = send(request("bianji", "/api/v1/media").header("Accept-Language", "en")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("x.pdf", MediaSamples.html(), null))));
        assertThat(english.json().get("detail").asString()).contains("\"x.pdf\"", "an HTML page");

        assertThat(upload("bianji", "空.pdf", new byte[0]).status).isEqualTo(400);
        Answer noFile = send(request("bianji", "/api/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; "
                        + "name=\"agency\"\r\n\r\nxfj\r\n--" + BOUNDARY + "--\r\n")));
        assertThat(noFile.status).isEqualTo(400);
        assertThat(noFile.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
        assertThat(upload("yunwei", "a.png", MediaSamples.png(8, 8)).status).as("an operator writes no items")
                .isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/media"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("a.png", MediaSamples.png(8, 8), null))))
                .status).isEqualTo(401);
    }

    @Test
    void limitsAreAnsweredWith413NamingTheLimit() {
        byte[] bigImage = MediaSamples.noisyPng(200, 200);
        assertThat(bigImage.length).isBetween((int) IMAGE_LIMIT + 1, (int) DOCUMENT_LIMIT);
        Answer image = upload("bianji", "大图.png", bigImage);
        assertThat(image.status).isEqualTo(413);
        assertThat(image.json().get("detail").asString()).contains("“大图.png”", "图片大小上限 100 KB");

        byte[] bigPdf = Arrays.copyOf(MediaSamples.pdf(), (int) DOCUMENT_LIMIT + 10);
        Answer document = upload("bianji", "大文件.pdf", bigPdf);
        assertThat(document.status).isEqualTo(413);
        assertThat(document.json().get("detail").asString()).contains("200 KB");

        byte[] justRight = Arrays.copyOf(MediaSamples.pdf(), (int) DOCUMENT_LIMIT);
        assertThat(upload("bianji", "刚好.pdf", justRight).status).isEqualTo(201);
    }

    @Test
    void theSameBytesAreTheSameMediaWithinAnAgencyOnly() {
        byte[] bytes = MediaSamples.png(77, 33);
        Answer first = upload("bianji", "第一次.png", bytes);
        Answer again = upload("bianji", "第二次.png", bytes);
        assertThat(first.status).isEqualTo(201);
        assertThat(again.status).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(again.json().get("name").asString()).as("the first upload's name stays").isEqualTo("第一次.png");
        Answer elsewhere = upload("waiju", "第一次.png", bytes);
        assertThat(elsewhere.status).isEqualTo(201);
        assertThat(elsewhere.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
        assertThat(jdbc.sql("select count(*) from media where sha256 = ?").param(sha256(bytes)).query(Long.class)
                .single()).isEqualTo(2);
    }

    @Test
    void anotherAgencysMediaIsAnsweredLikeAnUnknownOne() {
        String id = upload("bianji", "内部.pdf", MediaSamples.pdf()).json().get("id").asString();
        Answer foreign = get("waiju", "/api/v1/media/" + id);
        Answer unknown = get("waiju", "/api/v1/media/" + "0000000000nosuchid0");
        assertThat(foreign.status).isEqualTo(404);
        assertThat(unknown.status).isEqualTo(404);
        assertThat(foreign.json().get("detail").asString().replace(id, "ID"))
                .isEqualTo(unknown.json().get("detail").asString().replace("0000000000nosuchid0", "ID"));
        assertThat(send(request("waiju", "/api/v1/media/" + id).DELETE()).status).isEqualTo(404);
        assertThat(get("waiju", "/media/" + id).status).isEqualTo(404);

        Answer item = post("waiju", "/api/v1/items", Map.of("agency", "tjj", "title", "借用封面",
                "bodyHtml", "<p>正文<img src=\"/media/" + id + "\"></p>", "coverMediaId", id,
                "attachments", List.of(id)));
        assertThat(item.status).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        item.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("coverMediaId", "attachments[0]", "bodyHtml");
    }

    @Test
    void aDraftsFilesAreNotPublicUntilPublishedAndNoLongerAfterWithdrawal() throws Exception {
        byte[] pdfBytes = MediaSamples.pdf();
        String pdf = upload("bianji", "关于开展评议工作的通知.pdf", pdfBytes).json().get("id").asString();
        String item = post("bianji", "/api/v1/items", Map.of("agency", "xfj", "title", "关于开展评议工作的通知",
                "bodyHtml", "<p>见附件。</p>", "attachments", List.of(pdf))).json().get("id").asString();

        assertThat(get(null, "/media/" + pdf).status).as("anonymous, draft").isEqualTo(404);
        assertThat(get("waiju", "/media/" + pdf).status).as("another agency").isEqualTo(404);
        Answer own = get("bianji", "/media/" + pdf);
        assertThat(own.status).isEqualTo(200);
        assertThat(own.bytes).isEqualTo(pdfBytes);
        assertThat(own.header("Cache-Control")).contains("private", "no-store");
        Answer bearer = send(HttpRequest.newBuilder(URI.create(BASE + "/media/" + pdf))
                .header("Authorization", "Bearer " + token("bianji")).GET());
        assertThat(bearer.status).as("an API token of the agency").isEqualTo(200);

        assertThat(signedInToTheUi("bianji").send(HttpRequest.newBuilder(URI.create(BASE + "/media/" + pdf)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).as("the UI's session").isEqualTo(200);
        assertThat(signedInToTheUi("waiju").send(HttpRequest.newBuilder(URI.create(BASE + "/media/" + pdf)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(404);

        String signed = library.signedUrl(pdf, Duration.ofMinutes(5));
        assertThat(signed).startsWith(BASE + "/media/" + pdf + "?exp=");
        assertThat(get(null, signed).status).isEqualTo(200);
        assertThat(get(null, signed.substring(0, signed.length() - 2) + "xx").status).isEqualTo(403);
        assertThat(get(null, signed.replace("exp=", "exp=1")).status).isEqualTo(403);
        assertThat(get(null, library.signedUrl(pdf, Duration.ofSeconds(-1))).status).as("expired").isEqualTo(403);
        String otherSigned = library.signedUrl("0000000000nosuchid0", Duration.ofMinutes(5));
        assertThat(get(null, otherSigned.replace("0000000000nosuchid0", pdf)).status).isEqualTo(403);

        assertThat(post("bianji", "/api/v1/items/" + item + "/publish", Map.of()).status).isEqualTo(200);
        Answer published = get(null, "/media/" + pdf);
        assertThat(published.status).isEqualTo(200);
        assertThat(published.bytes).isEqualTo(pdfBytes);
        assertThat(published.header("Cache-Control")).contains("public", "max-age=86400");

        assertThat(post("bianji", "/api/v1/items/" + item + "/withdraw", Map.of()).status).isEqualTo(200);
        assertThat(get(null, "/media/" + pdf).status).isEqualTo(404);
        assertThat(get("bianji", "/media/" + pdf).status).isEqualTo(200);
    }

    @Test
    void filesAreServedWithTheirTypeNameValidatorsAndRanges() {
        byte[] pdfBytes = MediaSamples.pdf();
        String pdf = upload("bianji", "2026年 信访*评议 方案.pdf", pdfBytes).json().get("id").asString();
        Answer whole = get("bianji", "/media/" + pdf);
        assertThat(whole.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(whole.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.header("ETag")).isEqualTo("\"" + sha256(pdfBytes) + "\"");
        String disposition = whole.header("Content-Disposition");
        assertThat(disposition).startsWith("attachment;").contains("filename=\"").contains("filename*=UTF-8''");
        String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
        assertThat(encoded).matches("[A-Za-z0-9%!#$&+.^_`|~-]+");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("2026年 信访*评议 方案.pdf");

        Answer notModified = send(request("bianji", "/media/" + pdf).header("If-None-Match", whole.header("ETag"))
                .GET());
        assertThat(notModified.status).isEqualTo(304);

        Answer range = send(request("bianji", "/media/" + pdf).header("Range", "bytes=5-14").GET());
        assertThat(range.status).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 5-14/" + pdfBytes.length);
        assertThat(range.bytes).isEqualTo(Arrays.copyOfRange(pdfBytes, 5, 15));
        Answer tail = send(request("bianji", "/media/" + pdf).header("Range", "bytes=-8").GET());
        assertThat(tail.bytes).isEqualTo(Arrays.copyOfRange(pdfBytes, pdfBytes.length - 8, pdfBytes.length));
        Answer beyond = send(request("bianji", "/media/" + pdf)
                .header("Range", "bytes=" + (pdfBytes.length + 10) + "-").GET());
        assertThat(beyond.status).isEqualTo(416);

        String png = upload("bianji", "示意图.png", MediaSamples.png(10, 10)).json().get("id").asString();
        Answer image = get("bianji", "/media/" + png);
        assertThat(image.header("Content-Type")).isEqualTo("image/png");
        assertThat(image.header("Content-Disposition")).startsWith("inline;");
    }

    @Test
    void itemsCarryCoverAttachmentsAndBodyImagesIntoTheirEvent() {
        String cover = upload("bianji", "封面.jpg", MediaSamples.jpeg(900, 383)).json().get("id").asString();
        String figure = upload("bianji", "流程图.png", MediaSamples.png(640, 480)).json().get("id").asString();
        String notice = upload("bianji", "通知原文.pdf", MediaSamples.pdf()).json().get("id").asString();
        String form = upload("bianji", "form-2026.docx", MediaSamples.docx()).json().get("id").asString();

        Answer notAnImage = post("bianji", "/api/v1/items", Map.of("agency", "xfj", "title", "封面是 PDF",
                "bodyHtml", "<p>正文</p>", "coverMediaId", notice));
        assertThat(notAnImage.status).isEqualTo(400);
        assertThat(notAnImage.json().get("errors").get(0).get("field").asString()).isEqualTo("coverMediaId");

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("agency", "xfj");
        request.put("title", "关于公布2026年信访评议结果的通知");
        request.put("bodyHtml", "<p>评议流程如下：</p><p><img src=\"/media/" + figure + "\" alt=\"流程图\"></p>");
        request.put("coverMediaId", cover);
        request.put("attachments", List.of(notice, Map.of("id", form, "name", "附件2 报名表.docx")));
        Answer created = post("bianji", "/api/v1/items", request);
        assertThat(created.status).isEqualTo(201);
        JsonNode item = created.json();
        String id = item.get("id").asString();
        assertThat(item.get("coverMediaId").asString()).isEqualTo(cover);
        assertThat(item.get("attachments").toString()).isEqualTo("[\"" + notice + "\",\"" + form + "\"]");
        JsonNode media = item.get("media");
        assertThat(media.get("cover").get("width").asInt()).isEqualTo(900);
        assertThat(media.get("cover").get("url").asString()).isEqualTo(BASE + "/media/" + cover);
        assertThat(media.get("attachments").get(0).get("name").asString()).isEqualTo("通知原文.pdf");
        assertThat(media.get("attachments").get(1).get("name").asString()).isEqualTo("附件2 报名表.docx");
        assertThat(media.get("attachments").get(1).get("contentType").asString()).isEqualTo(MediaTypes.DOCX);
        assertThat(media.get("images").get(0).get("id").asString()).isEqualTo(figure);
        assertThat(get("bianji", "/api/v1/items/" + id).json().get("media").get("attachments").size()).isEqualTo(2);
        assertThat(send(request("bianji", "/api/v1/media/" + form).DELETE()).status).as("used by a draft")
                .isEqualTo(409);

        assertThat(post("bianji", "/api/v1/items/" + id + "/publish", Map.of()).status).isEqualTo(200);
        JsonNode snapshot = lastEvent(id).get("item");
        assertThat(snapshot.get("cover").get("id").asString()).isEqualTo(cover);
        assertThat(snapshot.get("coverUrl").asString()).isEqualTo(BASE + "/media/" + cover);
        assertThat(snapshot.get("cover").get("width").asInt()).isEqualTo(900);
        assertThat(snapshot.get("cover").get("sha256").asString()).hasSize(64);
        JsonNode attachments = snapshot.get("attachments");
        assertThat(attachments.size()).isEqualTo(2);
        assertThat(attachments.get(1).get("name").asString()).isEqualTo("附件2 报名表.docx");
        assertThat(attachments.get(0).get("contentType").asString()).isEqualTo("application/pdf");
        String fetchUrl = attachments.get(0).get("fetchUrl").asString();
        assertThat(fetchUrl).startsWith(BASE + "/media/" + notice + "?exp=").contains("&sig=");
        long exp = Long.parseLong(fetchUrl.replaceAll(".*exp=(\\d+).*", "$1"));
        assertThat(exp - System.currentTimeMillis() / 1000).isBetween(Duration.ofDays(14).toSeconds() - 120,
                Duration.ofDays(14).toSeconds() + 5);
        assertThat(snapshot.get("images").get(0).get("url").asString()).isEqualTo(BASE + "/media/" + figure);
        assertThat(snapshot.get("bodyHtml").asString()).contains("src=\"" + BASE + "/media/" + figure + "\"")
                .doesNotContain("src=\"/media/");

        // An update replaces the links: the figure leaves the body, the form the attachments.
        request.put("bodyHtml", "<p>评议流程见附件。</p>");
        request.put("attachments", List.of(Map.of("id", notice, "name", "通知（正式）.pdf")));
        request.remove("agency");
        Answer updated = send(request("bianji", "/api/v1/items/" + id).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))));
        assertThat(updated.status).as(updated.text()).isEqualTo(200);
        JsonNode second = lastEvent(id).get("item");
        assertThat(second.get("images").size()).isZero();
        assertThat(second.get("attachments").size()).isEqualTo(1);
        assertThat(second.get("attachments").get(0).get("name").asString()).isEqualTo("通知（正式）.pdf");
        assertThat(get(null, "/media/" + figure).status).as("no published item uses it now").isEqualTo(404);
        assertThat(get(null, "/media/" + notice).status).isEqualTo(200);
        assertThat(send(request("bianji", "/api/v1/media/" + notice).DELETE()).status).as("used by a published item")
                .isEqualTo(409);
        assertThat(send(request("bianji", "/api/v1/media/" + figure).DELETE()).status).isEqualTo(204);
        assertThat(get("bianji", "/api/v1/media/" + figure).status).isEqualTo(404);
        assertThat(get("bianji", "/media/" + figure).status).isEqualTo(404);
    }

    /** A browser's client, signed in through the login form (session cookie, CSRF token). */
    private static HttpClient signedInToTheUi(String user) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String page = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        String form = "username=" + user + "&password=" + PASSWORD + "&_csrf=" + csrf.group(1);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return browser;
    }

    private JsonNode lastEvent(String itemId) {
        String payload = jdbc.sql("select payload from outbox where item_id = ? order by id desc limit 1")
                .param(itemId).query(String.class).single();
        return json.readTree(payload);
    }

    private String token(String user) {
        Answer answer = post(user, "/api/v1/tokens", Map.of("name", "media-it"));
        assertThat(answer.status).as(answer.text()).isBetween(200, 201);
        return answer.json().get("token").asString();
    }

    // ---- HTTP ----

    private static final String BOUNDARY = "tongfaMediaBoundary7d2";

    record Answer(int status, java.net.http.HttpHeaders headers, byte[] bytes) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JsonMapper.builder().build().readTree(text());
        }
    }

    private Answer upload(String user, String name, byte[] bytes) {
        return send(request(user, "/api/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(name, bytes, null))));
    }

    private static byte[] multipart(String name, byte[] bytes, String agency) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (agency != null) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"agency\"\r\n\r\n" + agency
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        // As browsers send it: the name in UTF-8, in quotes.
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Answer get(String user, String path) {
        return send(request(user, path).GET());
    }

    private Answer post(String user, String path, Object body) {
        return send(request(user, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private static HttpRequest.Builder request(String user, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : BASE + path))
                .timeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
