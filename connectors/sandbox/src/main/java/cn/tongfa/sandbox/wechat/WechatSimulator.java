package cn.tongfa.sandbox.wechat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.HtmlUtils;

import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * Simulates the WeChat official-account API (公众号) that the WeChat connector uses: access tokens,
 * permanent image material, body images, drafts and free publishing (发布能力), in WeChat's own wire
 * format (HTTP 200 with {@code errcode}/{@code errmsg} on errors, {@code access_token} as a query parameter).
 *
 * <p>Point WxJava's {@code apiHost} at {@code http://HOST:PORT/sandbox/wechat}. Accounts come from
 * {@code tongfa.sandbox.wechat.apps.<appId>=<secret>}; with none configured any non-blank pair is accepted.
 * A publish job reports "publishing" on its first poll and finishes on the next one (on the N-th with
 * {@code tongfa.sandbox.wechat.publish-polls=N}), or by itself once {@code tongfa.sandbox.wechat.publish-time}
 * (default 2 s) has passed since submission, polled or not. Until then it is not listed by
 * {@code freepublish/batchget}, which (as on WeChat) shows only finished jobs and never hurries one, so a
 * connector that lost a job's publish_id cannot find it while it is publishing. An article whose title or
 * content contains {@value WechatSandbox#REJECT_MARKER}
 * fails review (publish_status 4), so that connectors can test that path. An account with a server URL
 * ({@code tongfa.sandbox.wechat.callbacks.<appId>.*}, see {@link WechatCallbackSender}) gets its jobs finished
 * shortly after submission and the {@code PUBLISHJOBFINISH} event pushed, in plain or safe mode.
 *
 * <p>Published articles are readable at {@code /sandbox/wechat/s/{articleId}}.
 */
@RestController
@RequestMapping("/sandbox/wechat")
class WechatSimulator implements DisposableBean {

    private static final String CHANNEL = "wechat";

    private final WechatSandbox sandbox;
    private final SandboxRecorder recorder;
    private final SandboxFaults faults;
    private final WechatCallbackSender callbacks;

    WechatSimulator(SandboxRecorder recorder, SandboxFaults faults, Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> apps = binder
                .bind("tongfa.sandbox.wechat.apps", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, WechatCallbackSender.Target> targets = binder
                .bind("tongfa.sandbox.wechat.callbacks", Bindable.mapOf(String.class, WechatCallbackSender.Target.class))
                .orElse(Map.of());
        int finishingPoll = binder.bind("tongfa.sandbox.wechat.publish-polls", Integer.class)
                .orElse(WechatSandbox.DEFAULT_FINISHING_POLL);
        Duration publishTime = binder.bind("tongfa.sandbox.wechat.publish-time", Duration.class)
                .orElse(WechatSandbox.DEFAULT_PUBLISH_TIME);
        this.sandbox = new WechatSandbox(apps, recorder, Clock.systemUTC(), finishingPoll, publishTime);
        this.recorder = recorder;
        this.faults = faults;
        this.callbacks = new WechatCallbackSender(sandbox, targets, Clock.systemUTC());
    }

    @Override
    public void destroy() {
        callbacks.close();
    }

    @GetMapping("/cgi-bin/token")
    Map<String, Object> token(@RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(required = false) String appid, @RequestParam(required = false) String secret) {
        return handle("cgi-bin/token", appid, () -> sandbox.token(grantType, appid, secret, false));
    }

    @PostMapping("/cgi-bin/stable_token")
    Map<String, Object> stableToken(@RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> request = body == null ? Map.of() : body;
        return handle("cgi-bin/stable_token", WechatSandbox.string(request.get("appid")),
                () -> sandbox.token(WechatSandbox.string(request.get("grant_type")),
                WechatSandbox.string(request.get("appid")), WechatSandbox.string(request.get("secret")),
                Boolean.TRUE.equals(request.get("force_refresh"))));
    }

    @PostMapping("/cgi-bin/material/add_material")
    Map<String, Object> addMaterial(@RequestParam(name = "access_token", required = false) String token,
            @RequestParam(required = false) String type,
            @RequestParam(name = "media", required = false) MultipartFile media) {
        return handle("cgi-bin/material/add_material", sandbox.appOf(token),
                () -> sandbox.addMaterial(token, type, bytes(media), baseUrl()));
    }

    @PostMapping("/cgi-bin/media/uploadimg")
    Map<String, Object> uploadImage(@RequestParam(name = "access_token", required = false) String token,
            @RequestParam(name = "media", required = false) MultipartFile media) {
        return handle("cgi-bin/media/uploadimg", sandbox.appOf(token),
                () -> sandbox.uploadImage(token, bytes(media), baseUrl()));
    }

    @PostMapping("/cgi-bin/draft/add")
    Map<String, Object> addDraft(@RequestParam(name = "access_token", required = false) String token,
            @RequestBody(required = false) Map<String, Object> body) {
        return handle("cgi-bin/draft/add", sandbox.appOf(token),
                () -> sandbox.addDraft(token, body == null ? Map.of() : body));
    }

    @PostMapping("/cgi-bin/freepublish/submit")
    Map<String, Object> submit(@RequestParam(name = "access_token", required = false) String token,
            @RequestBody(required = false) Map<String, Object> body) {
        String appId = sandbox.appOf(token);
        return handle("cgi-bin/freepublish/submit", appId, () -> {
            Map<String, Object> answer = sandbox.submit(token, body == null ? Map.of() : body, baseUrl());
            // The job exists once accepted: its end is pushed even when the answer is then held back (a
            // timeout fault), as WeChat pushes it whether or not the submitter read the publish_id.
            callbacks.submitted(appId, answer.get("publish_id").toString(),
                    ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
            return answer;
        });
    }

    /** The PUBLISHJOBFINISH events pushed so far, oldest first, with the answers they got. */
    @GetMapping("/callbacks")
    List<WechatCallbackSender.Push> callbacks() {
        return callbacks.pushes();
    }

    @DeleteMapping("/callbacks")
    ResponseEntity<Void> clearCallbacks() {
        callbacks.clear();
        return ResponseEntity.noContent().build();
    }

    /** Every publish job submitted so far, oldest first, as it stands. */
    @GetMapping("/jobs")
    List<WechatSandbox.JobOutcome> jobs() {
        return sandbox.jobs();
    }

    /** A publish job as it stands, with how many times its status was asked for ({@code polls}). */
    @GetMapping("/jobs/{publishId}")
    ResponseEntity<WechatSandbox.JobOutcome> job(@PathVariable String publishId) {
        return sandbox.job(publishId).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/cgi-bin/freepublish/get")
    Map<String, Object> publishStatus(@RequestParam(name = "access_token", required = false) String token,
            @RequestBody(required = false) Map<String, Object> body) {
        return handle("cgi-bin/freepublish/get", sandbox.appOf(token),
                () -> sandbox.publishStatus(token, body == null ? Map.of() : body));
    }

    @PostMapping("/cgi-bin/freepublish/batchget")
    Map<String, Object> batchGet(@RequestParam(name = "access_token", required = false) String token,
            @RequestBody(required = false) Map<String, Object> body) {
        return handle("cgi-bin/freepublish/batchget", sandbox.appOf(token),
                () -> sandbox.batchGet(token, body == null ? Map.of() : body));
    }

    @PostMapping("/cgi-bin/freepublish/delete")
    Map<String, Object> delete(@RequestParam(name = "access_token", required = false) String token,
            @RequestBody(required = false) Map<String, Object> body) {
        return handle("cgi-bin/freepublish/delete", sandbox.appOf(token),
                () -> sandbox.delete(token, body == null ? Map.of() : body));
    }

    /** Revokes every access token issued so far, as WeChat does when a secret is reset. */
    @DeleteMapping("/tokens")
    ResponseEntity<Void> revokeTokens() {
        sandbox.revokeTokens();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/media/{mediaId}")
    ResponseEntity<byte[]> media(@PathVariable String mediaId) {
        return sandbox.media(mediaId)
                .map(bytes -> ResponseEntity.ok().contentType(imageType(bytes)).body(bytes))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping(value = "/s/{articleId}", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> article(@PathVariable String articleId,
            @RequestParam(name = "idx", defaultValue = "1") int idx) {
        return sandbox.article(articleId, idx)
                .map(article -> ResponseEntity.ok(page(article)))
                .orElseGet(() -> ResponseEntity.status(404).body(page("内容不存在", "<p>该内容不存在。</p>")));
    }

    private Map<String, Object> handle(String endpoint, String appId, WechatSandbox.Call call) {
        faults.before(CHANNEL, endpoint, appId);
        Integer injected = faults.errorCode(CHANNEL, endpoint, appId);
        if (injected != null) {
            return Map.of("errcode", injected, "errmsg", WechatSandbox.errorMessage(injected));
        }
        Map<String, Object> answer;
        // A publish job finishes (and its article is recorded) during a later status poll or listing.
        long recordedBefore = recorder.recordedByThisThread();
        try {
            answer = call.run();
        } catch (WechatSandbox.WechatError error) {
            answer = Map.of("errcode", error.code(), "errmsg", error.getMessage());
        }
        faults.after(CHANNEL, endpoint, appId, recorder.recordedByThisThread() > recordedBefore);
        return answer;
    }

    private static byte[] bytes(MultipartFile media) {
        if (media == null || media.isEmpty()) {
            return null;
        }
        try {
            return media.getBytes();
        } catch (IOException e) {
            throw new WechatSandbox.WechatError(-1, "system error: " + e.getMessage());
        }
    }

    private static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/sandbox/wechat").toUriString();
    }

    private static MediaType imageType(byte[] bytes) {
        return switch (WechatSandbox.imageFormat(bytes)) {
            case "png" -> MediaType.IMAGE_PNG;
            case "gif" -> MediaType.IMAGE_GIF;
            case "bmp" -> MediaType.parseMediaType("image/bmp");
            default -> MediaType.IMAGE_JPEG;
        };
    }

    private static String page(WechatSandbox.ArticleView article) {
        if (article.deleted()) {
            return page("内容已删除", "<p>此内容已被发布者删除。</p>");
        }
        StringBuilder body = new StringBuilder();
        body.append("<h1 id=\"title\">").append(HtmlUtils.htmlEscape(article.title())).append("</h1>\n");
        if (!article.author().isEmpty()) {
            body.append("<p id=\"author\">").append(HtmlUtils.htmlEscape(article.author())).append("</p>\n");
        }
        body.append("<div id=\"content\">").append(article.content()).append("</div>\n");
        if (!article.contentSourceUrl().isEmpty()) {
            body.append("<p><a id=\"source\" href=\"").append(HtmlUtils.htmlEscape(article.contentSourceUrl()))
                    .append("\">阅读原文</a></p>\n");
        }
        return page(article.title(), body.toString());
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>"
                + HtmlUtils.htmlEscape(title) + "</title></head>\n<body>\n" + body + "</body></html>\n";
    }
}
