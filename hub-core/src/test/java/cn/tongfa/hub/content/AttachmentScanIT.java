package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.tongfa.hub.TongfaHubApplication;
import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;

/**
 * Attachment scanning through the public API, as an editor meets it: an identity card number on page 2 of an
 * uploaded 公示名单.pdf refuses the submission with the attachment and page named; the editor's "已审查个人信息"
 * lets it through; the file's text is read once, however often the checks run.
 */
class AttachmentScanIT {

    private static final String PASSWORD = "attachment-secret";

    @TempDir
    static Path home;

    private static ConfigurableApplicationContext hub;
    private static HubClient api;

    @BeforeAll
    static void startHub() {
        int port = FreePort.find();
        hub = new SpringApplicationBuilder(TongfaHubApplication.class).run(
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/tongfa")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--tongfa.kafka.embedded.data-dir=" + home.resolve("kafka"),
                "--tongfa.kafka.embedded.port=" + FreePort.find(),
                "--tongfa.kafka.embedded.controller-port=" + FreePort.find(),
                "--tongfa.connectors.portal.root=" + home.resolve("portal"),
                "--tongfa.media.dir=" + home.resolve("media"),
                "--tongfa.agencies[0].id=demo", "--tongfa.agencies[0].name=示范市民政局",
                "--tongfa.agencies[0].org-code=11340000MB1234567X", "--tongfa.agencies[0].review-chain=",
                "--TONGFA_ADMIN_PASSWORD=" + PASSWORD);
        api = new HubClient("http://localhost:" + port, "admin", PASSWORD);
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void anIdNumberInAnAttachedPdfBlocksSubmissionUntilTheReviewerConfirms() throws Exception {
        byte[] pdf = AttachmentFiles.pdf("Public list of 2026 awards",
                "Zhang San " + AttachmentFiles.ID + " M\nLi Si " + AttachmentFiles.NOT_ID + " F");
        HubClient.Response uploaded = upload("公示名单.pdf", pdf);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String mediaId = uploaded.json().get("id").asString();
        HubClient.Response scan = upload("扫描件.pdf", AttachmentFiles.pdf((String) null));
        assertThat(scan.status()).as(scan.toString()).isEqualTo(201);
        String scanId = scan.json().get("id").asString();

        Map<String, Object> item = Map.of("agency", "demo", "title", "2026年度表彰人员公示", "summary", "公示",
                "bodyHtml", "<p>现将拟表彰人员名单公示如下，详见附件。</p>", "category", "业务工作",
                "channels", List.of("portal"), "attachments", List.of(mediaId, scanId));
        HubClient.Response created = api.post("/api/v1/items", item);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        HubClient.Response refused = api.post("/api/v1/items/" + id + "/submit", "");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errors").valueStream()
                .map(error -> error.get("field").asString() + " " + error.get("message").asString()).toList())
                .containsExactly(
                        "attachments[0] 附件《公示名单.pdf》第 2 页：发现疑似身份证号 1101**********0118（已隐去部分），"
                                + "请删除或确认已脱敏后勾选“已审查个人信息”",
                        "attachments[1] 附件《扫描件.pdf》无法读取文字（只有图像，没有文字层，可能是扫描件），"
                                + "请人工核对其中是否含有个人信息，核对后勾选“已审查个人信息”");
        assertThat(refused.body()).doesNotContain(AttachmentFiles.ID);

        // The refusal rolled the item's transaction back, but not the text read from the file.
        JdbcClient jdbc = hub.getBean(JdbcClient.class);
        Timestamp readAt = jdbc.sql("select read_at from media_text where media_id = ?").param(mediaId)
                .query(Timestamp.class).single();
        assertThat(jdbc.sql("select label from media_text_part where media_id = ? order by position")
                .param(mediaId).query(String.class).list()).containsExactly("第 1 页", "第 2 页");
        assertThat(jdbc.sql("select unreadable from media_text where media_id = ?").param(scanId)
                .query(String.class).single()).isEqualTo(AttachmentReader.SCANNED);

        Map<String, Object> reviewed = new HashMap<>(item);
        reviewed.put("personalDataReviewed", true);
        reviewed.put("attachments", List.of(Map.of("id", mediaId, "name", "拟表彰人员名单.pdf"), scanId));
        HubClient.Response edited = api.put("/api/v1/items/" + id, reviewed);
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        HubClient.Response submitted = api.post("/api/v1/items/" + id + "/submit", "");
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        HubClient.Response published = api.post("/api/v1/items/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);

        // A new version of the published item is checked again, the attachment named as the item shows it.
        reviewed.put("personalDataReviewed", false);
        HubClient.Response update = api.put("/api/v1/items/" + id, reviewed);
        assertThat(update.status()).as(update.toString()).isEqualTo(400);
        assertThat(update.body()).contains("附件《拟表彰人员名单.pdf》第 2 页：发现疑似身份证号 1101**********0118");

        assertThat(jdbc.sql("select read_at from media_text where media_id = ?").param(mediaId)
                .query(Timestamp.class).single()).as("read once, not at every check").isEqualTo(readAt);
    }

    private static HubClient.Response upload(String name, byte[] bytes) {
        String boundary = "----tongfa" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(api.request("/api/v1/media?agency=demo").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }
}
