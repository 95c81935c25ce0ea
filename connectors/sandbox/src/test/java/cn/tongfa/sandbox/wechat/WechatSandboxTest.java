package cn.tongfa.sandbox.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxRecorder;

class WechatSandboxTest {

    private static final String BASE = "http://localhost:8080/sandbox/wechat";
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0};
    private static final String PORTAL = "https://www.demo.gov.cn/zwgk/202603/t20260301_abc123.html";

    private final SandboxRecorder recorder = new SandboxRecorder(Clock.systemUTC());
    private final WechatSandbox sandbox = new WechatSandbox(Map.of("wx-demo", "secret"), recorder,
            Clock.systemUTC());

    @Test
    void tokenChecksTheConfiguredAccounts() {
        assertError(() -> sandbox.token("client_credential", "wx-unknown", "secret", false), 40013);
        assertError(() -> sandbox.token("client_credential", "wx-demo", "wrong", false), 40125);
        assertThat(sandbox.token("client_credential", "wx-demo", "secret", false))
                .containsKey("access_token").containsEntry("expires_in", 7200);
    }

    @Test
    void anyPairIsAcceptedWhenNoAccountIsConfigured() {
        WechatSandbox open = new WechatSandbox(Map.of(), recorder, Clock.systemUTC());

        assertThat(open.token("client_credential", "any", "thing", false)).containsKey("access_token");
        assertError(() -> open.token("client_credential", "any", " ", false), 41004);
    }

    @Test
    void callsNeedAValidToken() {
        assertError(() -> sandbox.addMaterial("forged", "image", JPEG, BASE), 40001);
    }

    @Test
    void draftIsValidatedLikeWechat() {
        String token = token();
        String thumb = thumb(token);

        assertError(() -> sandbox.addDraft(token, draft("题".repeat(33), thumb, PORTAL)), 45003);
        assertError(() -> sandbox.addDraft(token, draft("标题", "unknown", PORTAL)), 40007);
        assertError(() -> sandbox.addDraft(token, draft("标题", thumb, "ftp://x/y")), 41039);
        assertThat(sandbox.addDraft(token, draft("标题", thumb, PORTAL))).containsKey("media_id");
    }

    @Test
    void imageMaterialIsCheckedByItsBytesAndSizeAsWechatDoes() {
        String token = token();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a};
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a'};
        byte[] bmp = {'B', 'M', 0, 0, 0, 0};
        byte[] html = "<html><script>".getBytes();

        for (byte[] image : List.of(JPEG, png, gif, bmp)) {
            assertThat(sandbox.addMaterial(token, "image", image, BASE)).containsKeys("media_id", "url");
        }
        assertError(() -> sandbox.addMaterial(token, "image", html, BASE), 40005);
        assertError(() -> sandbox.addMaterial(token, "image", sized(JPEG, 10 * 1024 * 1024 + 1), BASE), 40009);
        assertThat(sandbox.addMaterial(token, "image", sized(JPEG, 10 * 1024 * 1024), BASE)).containsKey("media_id");
        assertError(() -> sandbox.addMaterial(token, "image", null, BASE), 41005);
        assertError(() -> sandbox.addMaterial(token, "voice", JPEG, BASE), 40004);
        // A thumb is a JPEG of at most 64 KB.
        assertError(() -> sandbox.addMaterial(token, "thumb", png, BASE), 40005);
        assertError(() -> sandbox.addMaterial(token, "thumb", sized(JPEG, 64 * 1024 + 1), BASE), 40012);
        assertThat(sandbox.addMaterial(token, "thumb", sized(JPEG, 64 * 1024), BASE)).containsKey("media_id");
    }

    @Test
    void bodyImagesAreJpgOrPngUnderOneMegabyte() {
        String token = token();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a};

        assertThat(sandbox.uploadImage(token, JPEG, BASE)).containsKey("url");
        assertThat(sandbox.uploadImage(token, png, BASE)).containsKey("url");
        assertError(() -> sandbox.uploadImage(token, new byte[] {'G', 'I', 'F', '8', '9', 'a'}, BASE), 40005);
        assertError(() -> sandbox.uploadImage(token, sized(JPEG, 1024 * 1024), BASE), 40009);
        assertThat(sandbox.uploadImage(token, sized(JPEG, 1024 * 1024 - 1), BASE)).containsKey("url");
    }

    @Test
    void aDraftNeedsUploadedMaterialAsItsThumbAndKeepsOnlyImagesOnWechat() {
        String token = token();
        String bodyImage = (String) sandbox.uploadImage(token, JPEG, BASE).get("url");
        // An uploadimg URL is no material: it cannot be a thumb.
        assertError(() -> sandbox.addDraft(token, draft("标题", bodyImage, PORTAL)), 40007);

        Map<String, Object> body = draft("标题", thumb(token), PORTAL);
        @SuppressWarnings("unchecked")
        Map<String, Object> article = (Map<String, Object>) ((List<?>) body.get("articles")).get(0);
        article.put("content", "<p>现场<img src=\"" + bodyImage + "\"><img src=\"https://hub.example.gov.cn/media/m1\">"
                + "<img src=\"data:image/png;base64,AAAA\"></p>");
        String draft = (String) sandbox.addDraft(token, body).get("media_id");
        sandbox.submit(token, Map.of("media_id", draft), BASE);
        String publishId = sandbox.jobs().get(0).publishId();
        sandbox.finishNow(publishId);

        SandboxPost post = recorder.posts("wechat").get(0);
        assertThat(post.detail()).containsEntry("strippedImages", 2);
        assertThat((String) post.detail().get("content")).contains(bodyImage).doesNotContain("hub.example", "data:");
    }

    @Test
    void publishJobReportsPublishingThenSucceedsAndRecordsThePost() {
        String token = token();
        String draft = (String) sandbox.addDraft(token, draft("标题", thumb(token), PORTAL)).get("media_id");
        String publishId = (String) sandbox.submit(token, Map.of("media_id", draft), BASE).get("publish_id");

        assertThat(sandbox.publishStatus(token, Map.of("publish_id", publishId)))
                .containsEntry("publish_status", 1);
        assertThat(recorder.posts("wechat")).isEmpty();
        Map<String, Object> done = sandbox.publishStatus(token, Map.of("publish_id", publishId));

        assertThat(done).containsEntry("publish_status", 0).containsKey("article_id");
        String articleId = (String) done.get("article_id");
        SandboxPost post = recorder.posts("wechat").get(0);
        assertThat(post.postId()).isEqualTo(articleId);
        assertThat(post.itemId()).isEqualTo("abc123");
        assertThat(post.url()).isEqualTo(BASE + "/s/" + articleId);
        assertThat(post.detail()).containsEntry("content_source_url", PORTAL);
        assertError(() -> sandbox.submit(token, Map.of("media_id", draft), BASE), 40007);
        assertError(() -> sandbox.publishStatus(token, Map.of("publish_id", "nope")), 53600);
    }

    @Test
    void batchGetListsPublishedArticlesAndDeleteMarksThem() {
        String token = token();
        String draft = (String) sandbox.addDraft(token, draft("标题", thumb(token), PORTAL)).get("media_id");
        String publishId = (String) sandbox.submit(token, Map.of("media_id", draft), BASE).get("publish_id");

        // Still publishing: not listed, however often the list is asked for.
        assertThat(sandbox.batchGet(token, Map.of("offset", 0, "count", 20))).containsEntry("total_count", 0);
        assertThat(sandbox.batchGet(token, Map.of("offset", 0, "count", 20))).containsEntry("total_count", 0);
        assertThat(sandbox.publishStatus(token, Map.of("publish_id", publishId)))
                .containsEntry("publish_status", 1);
        assertThat(sandbox.publishStatus(token, Map.of("publish_id", publishId)))
                .containsEntry("publish_status", 0);
        Map<String, Object> page = sandbox.batchGet(token, Map.of("offset", 0, "count", 20, "no_content", 1));

        assertThat(page).containsEntry("total_count", 1).containsEntry("item_count", 1);
        Map<?, ?> item = (Map<?, ?>) ((List<?>) page.get("item")).get(0);
        Map<?, ?> news = (Map<?, ?>) ((List<?>) ((Map<?, ?>) item.get("content")).get("news_item")).get(0);
        assertThat(news.get("content_source_url")).isEqualTo(PORTAL);
        assertThat(news.containsKey("content")).isFalse();
        assertThat(news.get("is_deleted")).isEqualTo(false);

        sandbox.delete(token, Map.of("article_id", item.get("article_id"), "index", 0));

        assertThat(recorder.posts("wechat").get(0).deleted()).isTrue();
        assertThat(sandbox.article((String) item.get("article_id"), 1)).get()
                .satisfies(view -> assertThat(view.deleted()).isTrue());
        assertError(() -> sandbox.delete(token, Map.of("article_id", "nope", "index", 0)), 53600);
    }

    @Test
    void jobsAreListedFromSubmissionOnWhetherOrNotAnyoneAskedForThem() {
        String token = token();
        String draft = (String) sandbox.addDraft(token, draft("标题", thumb(token), PORTAL)).get("media_id");
        String publishId = (String) sandbox.submit(token, Map.of("media_id", draft), BASE).get("publish_id");

        assertThat(sandbox.jobs()).singleElement().satisfies(job -> {
            assertThat(job.publishId()).isEqualTo(publishId);
            assertThat(job.status()).isEqualTo(1);
            assertThat(job.polls()).isZero();
        });
        sandbox.finishNow(publishId);

        assertThat(sandbox.jobs()).singleElement().satisfies(job -> {
            assertThat(job.status()).isZero();
            assertThat(job.articleId()).isEqualTo(recorder.posts("wechat").get(0).postId());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesNotUploadedToWechatAreStripped() {
        String token = token();
        String own = (String) sandbox.uploadImage(token, JPEG, BASE).get("url");
        Map<String, Object> body = draft("标题", thumb(token), PORTAL);
        ((Map<String, Object>) ((List<?>) body.get("articles")).get(0)).put("content",
                "<p><img src=\"" + own + "\"><img src=\"https://elsewhere.example/a.jpg\"></p>");
        String draft = (String) sandbox.addDraft(token, body).get("media_id");
        String publishId = (String) sandbox.submit(token, Map.of("media_id", draft), BASE).get("publish_id");
        sandbox.finishNow(publishId);

        SandboxPost post = recorder.posts("wechat").get(0);
        assertThat(post.detail()).containsEntry("strippedImages", 1);
        assertThat((String) post.detail().get("content")).contains(own).doesNotContain("elsewhere");
    }

    @Test
    void itemIdComesFromThePortalPageName() {
        assertThat(WechatSandbox.itemIdOf(PORTAL + "?from=wechat")).isEqualTo("abc123");
        assertThat(WechatSandbox.itemIdOf("https://www.demo.gov.cn/about.html")).isNull();
    }

    private String token() {
        return (String) sandbox.token("client_credential", "wx-demo", "secret", false).get("access_token");
    }

    private String thumb(String token) {
        return (String) sandbox.addMaterial(token, "image", JPEG, BASE).get("media_id");
    }

    /** The image's first bytes, padded to {@code size}: the simulator reads the type from the start only. */
    private static byte[] sized(byte[] image, int size) {
        return java.util.Arrays.copyOf(image, size);
    }

    private static Map<String, Object> draft(String title, String thumb, String source) {
        Map<String, Object> article = new HashMap<>();
        article.put("title", title);
        article.put("content", "<p>正文</p>");
        article.put("thumb_media_id", thumb);
        article.put("content_source_url", source);
        return Map.of("articles", List.of(article));
    }

    private static void assertError(Runnable call, int code) {
        assertThatThrownBy(call::run).isInstanceOf(WechatSandbox.WechatError.class)
                .satisfies(e -> assertThat(((WechatSandbox.WechatError) e).code()).isEqualTo(code));
    }
}
