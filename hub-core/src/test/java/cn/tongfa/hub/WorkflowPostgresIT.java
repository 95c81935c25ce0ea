package cn.tongfa.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import cn.tongfa.hub.support.FreePort;
import cn.tongfa.hub.support.HubClient;
import cn.tongfa.hub.support.PostgresHub;
import cn.tongfa.hub.support.TestPostgres;

/**
 * The review chain, roles, per-agency isolation, API tokens, content checks and the audit log, through the
 * public API, on PostgreSQL and a real broker.
 */
@SpringBootTest(classes = TongfaHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class WorkflowPostgresIT {

    private static final String ADMIN_PASSWORD = "it-admin-secret";
    private static final String PASSWORD = "user-pass-2026";
    private static final int PORT = FreePort.find();
    private static String databaseUrl;
    private static Path portalRoot;

    @Autowired
    JdbcClient jdbc;

    private final String base = "http://localhost:" + PORT;
    private final HubClient admin = new HubClient(base, "admin", ADMIN_PASSWORD);

    @BeforeAll
    static void database() throws Exception {
        databaseUrl = TestPostgres.newDatabase();
        portalRoot = Files.createTempDirectory("tongfa-portal-");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresHub.register(registry, PORT, () -> databaseUrl, () -> portalRoot, ADMIN_PASSWORD);
        registry.add("tongfa.agencies[0].id", () -> "xfj");
        registry.add("tongfa.agencies[0].name", () -> "示范市信访局");
        registry.add("tongfa.agencies[0].review-chain", () -> "REVIEWER,APPROVER");
        registry.add("tongfa.agencies[1].id", () -> "tjj");
        registry.add("tongfa.agencies[1].name", () -> "示范市统计局");
        registry.add("tongfa.agencies[1].review-chain", () -> "REVIEWER");
        PostgresHub.sandboxAccounts(registry, "xfj", "tjj");
    }

    @Test
    void anItemPassesEveryReviewStepBeforeItIsPublished() {
        HubClient editor = user("wf-editor", "xfj", "EDITOR");
        HubClient reviewer = user("wf-reviewer", "xfj", "REVIEWER");
        HubClient approver = user("wf-approver", "xfj", "APPROVER");

        String id = create(editor, "xfj", "关于调整信访接待时间的通知", "<p>自下月起调整。</p>");
        assertThat(editor.post("/api/v1/items/" + id + "/publish", "").status())
                .as("a draft of an agency with a review chain cannot be published").isEqualTo(409);
        assertThat(action(editor, id, "submit", "请审核").get("status").asString()).isEqualTo("IN_REVIEW");
        assertThat(approver.post("/api/v1/items/" + id + "/approve", "{}").status())
                .as("step 1 is the reviewer's").isEqualTo(403);
        JsonNode afterFirst = action(reviewer, id, "approve", "同意");
        assertThat(afterFirst.get("status").asString()).isEqualTo("IN_REVIEW");
        assertThat(afterFirst.get("reviewStep").asInt()).isEqualTo(2);
        assertThat(reviewer.post("/api/v1/items/" + id + "/approve", "{}").status())
                .as("step 2 is the approver's").isEqualTo(403);
        assertThat(action(approver, id, "approve", "同意发布").get("status").asString()).isEqualTo("APPROVED");
        assertThat(editor.post("/api/v1/items/" + id + "/publish", "{}").status())
                .as("editors do not publish where the agency reviews").isEqualTo(403);
        assertThat(action(approver, id, "publish", null).get("status").asString()).isEqualTo("PUBLISHED");

        JsonNode item = awaitSettled(editor, id, 4);
        item.get("deliveries").forEach(d -> assertThat(d.get("status").asString()).isEqualTo("DELIVERED"));
        List<String> decisions = new ArrayList<>();
        item.get("review").forEach(step -> decisions.add(step.get("decision").asString() + ":"
                + step.get("by").asString()));
        assertThat(decisions).containsExactly("SUBMITTED:wf-editor", "APPROVED:wf-reviewer",
                "APPROVED:wf-approver", "PUBLISHED:wf-approver");
        assertThat(item.get("review").get(1).get("comment").asString()).isEqualTo("同意");

        List<String> audit = jdbc.sql("select action || ':' || actor from audit_event where item_id = ? order by id")
                .param(id).query(String.class).list();
        assertThat(audit).containsExactly("CREATE:wf-editor", "SUBMIT:wf-editor", "APPROVE:wf-reviewer",
                "APPROVE:wf-approver", "PUBLISH:wf-approver");
    }

    @Test
    void personalDataBlocksSubmissionUntilTheEditorConfirmsIt() {
        HubClient editor = user("wf-pii", "tjj", "EDITOR");
        String id = create(editor, "tjj", "信访人信息", "<p>信访人身份证号 340102198001011231，请联系。</p>");
        HubClient.Response refused = editor.post("/api/v1/items/" + id + "/submit", "");
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("bodyHtml");
        assertThat(error.get("message").asString()).contains("身份证号").doesNotContain("340102198001011231");

        HubClient.Response phone = editor.post("/api/v1/items", Map.of("agency", "tjj", "title", "联系方式",
                "summary", "咨询电话 13812345678", "bodyHtml", "<p>正文</p>"));
        String phoneId = phone.json().get("id").asString();
        HubClient.Response phoneRefused = editor.post("/api/v1/items/" + phoneId + "/submit", "");
        assertThat(phoneRefused.status()).isEqualTo(400);
        assertThat(phoneRefused.json().get("errors").get(0).get("field").asString()).isEqualTo("summary");

        HubClient.Response confirmed = editor.send(editor.request("/api/v1/items/" + id)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"信访人信息\",\"bodyHtml\":"
                        + "\"<p>信访人身份证号 340102198001011231，请联系。</p>\",\"personalDataReviewed\":true}")));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(action(editor, id, "submit", null).get("status").asString()).isEqualTo("IN_REVIEW");
    }

    @Test
    void scriptsAndEventHandlersNeverReachAChannelOrThePortal() {
        HubClient editor = user("wf-xss", "tjj", "EDITOR");
        HubClient reviewer = user("wf-xss-reviewer", "tjj", "REVIEWER", "APPROVER");
        String id = create(editor, "tjj", "含有脚本的正文",
                "<p>正文<script>alert('x')</script><strong onerror=\"alert(1)\" onclick=\"alert(3)\">重点</strong>"
                        + "<a href=\"javascript:alert(2)\">链接</a></p>");
        JsonNode stored = editor.get("/api/v1/items/" + id).json();
        assertThat(stored.get("bodyHtml").asString()).doesNotContain("<script").doesNotContain("onerror")
                .doesNotContain("javascript:").contains("正文");
        action(editor, id, "submit", null);
        action(reviewer, id, "approve", null);
        JsonNode published = action(reviewer, id, "publish", null);
        awaitSettled(editor, id, 4);

        for (String channel : List.of("portal", "disclosure", "wechat", "weibo")) {
            String posts = admin.anonymous().get("/sandbox/" + channel + "/posts").body();
            assertThat(posts).as(channel).contains(id).doesNotContain("<script").doesNotContain("onerror")
                    .doesNotContain("javascript:");
        }
        String page = admin.anonymous().get(published.get("portalUrl").asString()).body();
        assertThat(page).contains("含有脚本的正文").doesNotContain("<script").doesNotContain("onerror")
                .doesNotContain("javascript:");
    }

    @Test
    void uiPagesNeedALogin() {
        HubClient anonymous = admin.anonymous();
        for (String path : List.of("/", "/items/new", "/audit")) {
            HubClient.Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isIn(302, 401, 403);
        }
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
    }

    @Test
    void theAuthorNeverApprovesTheirOwnItem() {
        HubClient both = user("wf-both", "tjj", "EDITOR", "REVIEWER");
        String id = create(both, "tjj", "统计公报", "<p>内容</p>");
        action(both, id, "submit", null);
        HubClient.Response own = both.post("/api/v1/items/" + id + "/approve", "{}");
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.json().get("detail").asString()).contains("不能审核自己撰写的信息");
    }

    @Test
    void aRejectionNeedsAReasonAndSendsTheItemBack() {
        HubClient editor = user("wf-editor2", "tjj", "EDITOR");
        HubClient reviewer = user("wf-reviewer2", "tjj", "REVIEWER");
        String id = create(editor, "tjj", "待退回的信息", "<p>初稿</p>");
        action(editor, id, "submit", null);
        HubClient.Response bare = reviewer.post("/api/v1/items/" + id + "/reject", "{}");
        assertThat(bare.status()).isEqualTo(400);
        assertThat(bare.json().get("errors").get(0).get("field").asString()).isEqualTo("comment");
        assertThat(action(reviewer, id, "reject", "数据口径需注明").get("status").asString()).isEqualTo("REJECTED");

        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("title", "已修改的信息");
        edit.put("bodyHtml", "<p>第二稿，已注明数据口径</p>");
        HubClient.Response edited = editor.send(editor.request("/api/v1/items/" + id)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"已修改的信息\",\"bodyHtml\":\"<p>第二稿</p>\"}")));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(action(editor, id, "submit", "已按意见修改").get("status").asString()).isEqualTo("IN_REVIEW");
        assertThat(action(reviewer, id, "approve", null).get("status").asString()).isEqualTo("APPROVED");
    }

    @Test
    void oneAgencyNeverSeesOrTouchesAnothersItemsAndCounts() {
        HubClient xfjEditor = user("wf-xfj", "xfj", "EDITOR");
        HubClient tjjAll = user("wf-tjj-all", "tjj", "EDITOR", "REVIEWER", "APPROVER", "OPERATOR", "ADMIN");
        String id = create(xfjEditor, "xfj", "信访局内部信息", "<p>x</p>");

        assertThat(tjjAll.get("/api/v1/items/" + id).status()).isEqualTo(404);
        for (String action : List.of("submit", "approve", "reject", "publish", "withdraw")) {
            assertThat(tjjAll.post("/api/v1/items/" + id + "/" + action, "{\"comment\":\"x\"}").status())
                    .as(action).isEqualTo(404);
        }
        assertThat(tjjAll.post("/api/v1/items/" + id + "/deliveries/portal/retry", "").status()).isEqualTo(404);
        assertThat(tjjAll.get("/api/v1/items/" + id + "/previews").status()).isEqualTo(404);
        assertThat(tjjAll.get("/api/v1/agencies/xfj/counts?year=2026").status()).isEqualTo(403);
        assertThat(tjjAll.get("/api/v1/items?agency=xfj").status()).isEqualTo(403);
        JsonNode own = tjjAll.get("/api/v1/items?size=200").json();
        own.get("content").forEach(item -> assertThat(item.get("agency").asString()).isEqualTo("tjj"));
        JsonNode agencies = tjjAll.get("/api/v1/agencies").json();
        assertThat(agencies).hasSize(1);
        assertThat(agencies.get(0).get("id").asString()).isEqualTo("tjj");
        HubClient.Response foreignUser = tjjAll.post("/api/v1/users", Map.of("username", "intruder",
                "password", PASSWORD, "agency", "xfj", "roles", List.of("EDITOR")));
        assertThat(foreignUser.status()).isEqualTo(403);
    }

    @Test
    void everyApiRouteRefusesAnonymousCallers() {
        HubClient anonymous = admin.anonymous();
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/v1/agencies"}, new String[] {"GET", "/api/v1/items"},
                new String[] {"POST", "/api/v1/items"}, new String[] {"GET", "/api/v1/items/x"},
                new String[] {"PUT", "/api/v1/items/x"}, new String[] {"GET", "/api/v1/items/x/previews"},
                new String[] {"POST", "/api/v1/items/x/submit"}, new String[] {"POST", "/api/v1/items/x/approve"},
                new String[] {"POST", "/api/v1/items/x/reject"}, new String[] {"POST", "/api/v1/items/x/publish"},
                new String[] {"POST", "/api/v1/items/x/withdraw"},
                new String[] {"POST", "/api/v1/items/x/deliveries/portal/retry"},
                new String[] {"GET", "/api/v1/agencies/xfj/counts"}, new String[] {"GET", "/api/v1/users"},
                new String[] {"POST", "/api/v1/users"}, new String[] {"POST", "/api/v1/tokens"});
        for (String[] route : routes) {
            HttpRequest.Builder request = anonymous.request(route[1]).header("Content-Type", "application/json")
                    .method(route[0], HttpRequest.BodyPublishers.ofString("{}"));
            assertThat(anonymous.send(request).status()).as(route[0] + " " + route[1]).isEqualTo(401);
        }
        assertThat(anonymous.get("/").status()).as("the UI needs a login").isIn(302, 401);
    }

    @Test
    void apiTokensAuthenticateUntilTheyAreWrong() {
        user("wf-token", "tjj", "EDITOR");
        HubClient basic = new HubClient(base, "wf-token", PASSWORD);
        HubClient.Response issued = basic.post("/api/v1/tokens", "");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asString();
        assertThat(token).startsWith("tf_");

        HubClient anonymous = admin.anonymous();
        HubClient.Response withToken = anonymous.send(anonymous.request("/api/v1/agencies")
                .header("Authorization", "Bearer " + token).GET());
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.json().get(0).get("id").asString()).isEqualTo("tjj");
        HubClient.Response wrong = anonymous.send(anonymous.request("/api/v1/agencies")
                .header("Authorization", "Bearer " + token.substring(0, token.length() - 2) + "00").GET());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from api_token where secret_hash like ?")
                .param("%" + token.substring(token.lastIndexOf('_') + 1) + "%").query(Long.class).single())
                .as("only a hash of the secret is stored").isZero();
    }

    private HubClient user(String username, String agency, String... roles) {
        HubClient.Response created = admin.post("/api/v1/users", Map.of("username", username, "password", PASSWORD,
                "agency", agency, "roles", List.of(roles)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new HubClient(base, username, PASSWORD);
    }

    private String create(HubClient client, String agency, String title, String body) {
        HubClient.Response created = client.post("/api/v1/items", Map.of("agency", agency, "title", title,
                "summary", "摘要", "bodyHtml", body, "category", "业务工作"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private JsonNode action(HubClient client, String id, String action, String comment) {
        HubClient.Response response = client.post("/api/v1/items/" + id + "/" + action,
                comment == null ? "" : "{\"comment\":\"" + comment + "\"}");
        assertThat(response.status()).as(action + ": " + response).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitSettled(HubClient client, String id, int channels) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get("/api/v1/items/" + id).json(), item -> {
                    JsonNode deliveries = item.get("deliveries");
                    if (deliveries.size() != channels) {
                        return false;
                    }
                    for (JsonNode delivery : deliveries) {
                        String status = delivery.get("status").asString();
                        if (status.equals("PENDING") || status.equals("DELIVERING")) {
                            return false;
                        }
                    }
                    return true;
                });
    }
}
