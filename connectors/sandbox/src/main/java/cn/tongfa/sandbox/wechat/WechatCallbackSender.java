package cn.tongfa.sandbox.wechat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@code PUBLISHJOBFINISH} to an account's configured server URL, as WeChat does when a publish job ends:
 * an XML event POSTed with {@code signature}, {@code timestamp}, {@code nonce} and {@code openid} in the query,
 * and in safe mode ({@code aes-key} set) the event encrypted into {@code Encrypt} with {@code encrypt_type=aes}
 * and {@code msg_signature}. An answer other than HTTP 200 with {@code success} or an empty body is tried again,
 * three tries in all, as WeChat retries a server that did not answer.
 *
 * <p>Accounts are configured with {@code tongfa.sandbox.wechat.callbacks.<appId>.url} (absolute, or a path on
 * the simulator's own server), {@code .token}, {@code .aes-key} and {@code .delay} (how long after
 * {@code freepublish/submit} the job finishes and the event is pushed; default 100 ms).
 */
final class WechatCallbackSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WechatCallbackSender.class);
    private static final int TRIES = 3;
    private static final int MAX_LOGGED = 1000;

    /** Where and how one account's events are pushed. */
    record Target(String url, String token, String aesKey, Duration delay) {
        Target {
            delay = delay == null || delay.isNegative() ? Duration.ofMillis(100) : delay;
        }
    }

    /** One push as the simulator sent it, for tests and scripts ({@code GET /sandbox/wechat/callbacks}). */
    record Push(String appId, String publishId, int publishStatus, String url, boolean encrypted, int tries,
            int httpStatus, String answer, Instant at) {
    }

    private final WechatSandbox sandbox;
    private final Map<String, Target> targets;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-wechat-callbacks");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Push> pushes = new ArrayList<>();

    WechatCallbackSender(WechatSandbox sandbox, Map<String, Target> targets, Clock clock) {
        this.sandbox = sandbox;
        this.targets = Map.copyOf(targets);
        this.clock = clock;
    }

    /**
     * Schedules the end of a submitted job and its push, when the account has a server URL.
     *
     * @param serverBase the simulator's server (scheme, host, port, context path), for relative URLs
     */
    void submitted(String appId, String publishId, String serverBase) {
        Target target = appId == null ? null : targets.get(appId);
        if (target == null || target.url() == null || target.url().isBlank()) {
            return;
        }
        scheduler.schedule(() -> push(appId, publishId, target, serverBase), target.delay().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    synchronized List<Push> pushes() {
        return List.copyOf(pushes);
    }

    synchronized void clear() {
        pushes.clear();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void push(String appId, String publishId, Target target, String serverBase) {
        WechatSandbox.JobOutcome job = sandbox.finishNow(publishId).orElse(null);
        if (job == null) {
            return;
        }
        String url = target.url().startsWith("/") ? serverBase + target.url() : target.url();
        boolean encrypted = target.aesKey() != null && !target.aesKey().isBlank();
        String event = eventXml(job);
        int status = -1;
        String answer = null;
        int tries = 0;
        while (tries < TRIES) {
            tries++;
            String timestamp = String.valueOf(clock.instant().getEpochSecond());
            String nonce = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("signature", WechatPushCrypto.signature(target.token(), timestamp, nonce));
            query.put("timestamp", timestamp);
            query.put("nonce", nonce);
            query.put("openid", "o" + appId.substring(Math.max(0, appId.length() - 8)) + "sandboxfan");
            String body = event;
            if (encrypted) {
                String cipher = WechatPushCrypto.encrypt(target.aesKey(), appId, event);
                query.put("encrypt_type", "aes");
                query.put("msg_signature", WechatPushCrypto.signature(target.token(), timestamp, nonce, cipher));
                body = "<xml>\n<ToUserName><![CDATA[" + originalId(appId) + "]]></ToUserName>\n<Encrypt><![CDATA["
                        + cipher + "]]></Encrypt>\n</xml>";
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + query(url, query)))
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                answer = response.body();
                if (status == 200 && (answer.isBlank() || "success".equals(answer.strip()))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                status = -1;
                answer = e.toString();
            }
        }
        log.debug("sandbox pushed PUBLISHJOBFINISH of job {} to {}: HTTP {} after {} tries", publishId, url, status,
                tries);
        synchronized (this) {
            if (pushes.size() >= MAX_LOGGED) {
                pushes.remove(0);
            }
            pushes.add(new Push(appId, publishId, job.status(), url, encrypted, tries, status, answer,
                    clock.instant()));
        }
    }

    /** The event in WeChat's format: {@code PublishEventInfo} with the outcome, article URLs or failed indexes. */
    static String eventXml(WechatSandbox.JobOutcome job) {
        StringBuilder xml = new StringBuilder("<xml>\n");
        xml.append("<ToUserName><![CDATA[").append(originalId(job.appId())).append("]]></ToUserName>\n");
        xml.append("<FromUserName><![CDATA[oSandboxWechatPlatform]]></FromUserName>\n");
        xml.append("<CreateTime>").append(Instant.now().getEpochSecond()).append("</CreateTime>\n");
        xml.append("<MsgType><![CDATA[event]]></MsgType>\n");
        xml.append("<Event><![CDATA[PUBLISHJOBFINISH]]></Event>\n");
        xml.append("<PublishEventInfo>\n");
        xml.append("<publish_id>").append(job.publishId()).append("</publish_id>\n");
        xml.append("<publish_status>").append(job.status()).append("</publish_status>\n");
        if (job.articleId() != null) {
            xml.append("<article_id><![CDATA[").append(cdata(job.articleId())).append("]]></article_id>\n");
            xml.append("<article_detail>\n<count>").append(job.articleUrls().size()).append("</count>\n");
            for (int i = 0; i < job.articleUrls().size(); i++) {
                xml.append("<item>\n<idx>").append(i + 1).append("</idx>\n<article_url><![CDATA[")
                        .append(cdata(job.articleUrls().get(i))).append("]]></article_url>\n</item>\n");
            }
            xml.append("</article_detail>\n");
        }
        for (Integer idx : job.failIdx()) {
            xml.append("<fail_idx>").append(idx).append("</fail_idx>\n");
        }
        xml.append("</PublishEventInfo>\n</xml>");
        return xml.toString();
    }

    /** The account's original id (原始ID, gh_…), which WeChat puts in ToUserName. */
    private static String originalId(String appId) {
        return "gh_" + Integer.toHexString(appId.hashCode() & 0x7fffffff);
    }

    private static String cdata(String text) {
        return text.replace("]]>", "]]]]><![CDATA[>");
    }

    private static String query(String url, Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() && !url.contains("?") ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }
}
