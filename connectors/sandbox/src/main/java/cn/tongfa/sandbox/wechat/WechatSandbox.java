package cn.tongfa.sandbox.wechat;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongfa.sandbox.SandboxRecorder;

/**
 * The state and rules of the simulated WeChat account platform, free of HTTP so that it can be tested on
 * its own. Every public operation is synchronized: the simulator is not about throughput, and one lock keeps
 * publish jobs, drafts and articles consistent with each other.
 */
final class WechatSandbox {

    /** Text that makes a publish job fail review (publish_status 4). */
    static final String REJECT_MARKER = "sandbox:reject";

    static final int TOKEN_SECONDS = 7200;
    /** The {@code freepublish/get} call that finds a job finished, unless configured otherwise. */
    static final int DEFAULT_FINISHING_POLL = 2;
    /** How long a job nobody asks about takes to finish, unless configured otherwise. */
    static final Duration DEFAULT_PUBLISH_TIME = Duration.ofSeconds(2);
    static final int MAX_TITLE = 32;
    static final int MAX_AUTHOR = 16;
    static final int MAX_DIGEST = 128;
    static final int MAX_CONTENT_CHARS = 20_000;
    static final int MAX_CONTENT_BYTES = 1024 * 1024;
    static final int MAX_ARTICLES = 8;
    /** WeChat's media limits (docs/wechat-media.md): image material up to 10 MB, thumb up to 64 KB, uploadimg < 1 MB. */
    static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    static final int MAX_THUMB_BYTES = 64 * 1024;
    static final int MAX_BODY_IMAGE_BYTES = 1024 * 1024;

    private static final String CHANNEL = "wechat";
    private static final Pattern PORTAL_PAGE = Pattern.compile("t\\d{8}_([0-9a-z]+)\\.html$");
    private static final Pattern IMG_TAG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMG_SRC = Pattern.compile("\\bsrc\\s*=\\s*([\"'])(.*?)\\1",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    /** A WeChat error answer: HTTP 200 with this errcode and errmsg. */
    static final class WechatError extends RuntimeException {
        private final int code;

        WechatError(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** One simulated API call. */
    @FunctionalInterface
    interface Call {
        Map<String, Object> run();
    }

    /** A published article as its page shows it. */
    record ArticleView(String title, String author, String content, String contentSourceUrl, boolean deleted) {
    }

    private record Token(String appId, Instant expiresAt) {
    }

    private record Media(String appId, byte[] bytes, String url, boolean material) {
    }

    private record NewsItem(String title, String author, String digest, String content, String contentSourceUrl,
            String thumbMediaId, int needOpenComment, int onlyFansCanComment, int strippedImages) {
    }

    private static final class Job {
        final String appId;
        final String publishId;
        final List<NewsItem> items;
        final String baseUrl;
        final Instant submittedAt;
        int polls;
        Integer status;
        String articleId;
        List<Integer> failIdx = List.of();

        Job(String appId, String publishId, List<NewsItem> items, String baseUrl, Instant submittedAt) {
            this.appId = appId;
            this.publishId = publishId;
            this.items = items;
            this.baseUrl = baseUrl;
            this.submittedAt = submittedAt;
        }
    }

    private static final class Published {
        final String appId;
        final String articleId;
        final List<NewsItem> items;
        final List<String> urls;
        final boolean[] deleted;
        final long updateTime;

        Published(String appId, String articleId, List<NewsItem> items, List<String> urls, long updateTime) {
            this.appId = appId;
            this.articleId = articleId;
            this.items = items;
            this.urls = urls;
            this.deleted = new boolean[items.size()];
            this.updateTime = updateTime;
        }
    }

    private final Map<String, String> apps;
    private final SandboxRecorder recorder;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final int finishingPoll;
    private final Duration publishTime;

    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, String> stableTokens = new HashMap<>();
    private final Map<String, Media> media = new HashMap<>();
    private final Set<String> issuedImageUrls = new HashSet<>();
    private final Map<String, List<NewsItem>> drafts = new HashMap<>();
    private final Map<String, String> draftOwners = new HashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Published> published = new LinkedHashMap<>();

    WechatSandbox(Map<String, String> apps, SandboxRecorder recorder, Clock clock) {
        this(apps, recorder, clock, DEFAULT_FINISHING_POLL, DEFAULT_PUBLISH_TIME);
    }

    /**
     * @param finishingPoll the {@code freepublish/get} call that finds a job finished (2: publishing at the
     *                      first, finished at the second); a larger one keeps jobs "under review" longer
     * @param publishTime   how long after submission a job finishes by itself, asked about or not (WeChat's
     *                      review takes its time whoever polls)
     */
    WechatSandbox(Map<String, String> apps, SandboxRecorder recorder, Clock clock, int finishingPoll,
            Duration publishTime) {
        this.apps = Map.copyOf(apps);
        this.recorder = recorder;
        this.clock = clock;
        this.finishingPoll = Math.max(1, finishingPoll);
        this.publishTime = publishTime;
    }

    synchronized Map<String, Object> token(String grantType, String appId, String secret, boolean forceRefresh) {
        if (!"client_credential".equals(grantType)) {
            throw new WechatError(40002, "invalid grant_type");
        }
        if (isBlank(appId)) {
            throw new WechatError(41002, "appid missing");
        }
        if (isBlank(secret)) {
            throw new WechatError(41004, "appsecret missing");
        }
        if (!apps.isEmpty()) {
            String expected = apps.get(appId);
            if (expected == null) {
                throw new WechatError(40013, "invalid appid");
            }
            if (!expected.equals(secret)) {
                throw new WechatError(40125, "invalid appsecret");
            }
        }
        String token = stableTokens.get(appId);
        Token existing = token == null ? null : tokens.get(token);
        if (forceRefresh || existing == null || !existing.expiresAt().isAfter(clock.instant())) {
            token = "sbx_" + UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, new Token(appId, clock.instant().plusSeconds(TOKEN_SECONDS)));
            stableTokens.put(appId, token);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("expires_in", TOKEN_SECONDS);
        return answer;
    }

    synchronized void revokeTokens() {
        tokens.clear();
        stableTokens.clear();
    }

    /**
     * {@code material/add_material}: the type of an image is read from its bytes (bmp, png, jpeg/jpg, gif for
     * {@code image}, JPEG only for {@code thumb}), whatever the file is called. Refusals: 40004 for a media type
     * other than image or thumb, 41005 without a file, 40005 for a file type WeChat does not take, 40009 for an
     * image over 10 MB, 40012 for a thumb over 64 KB.
     */
    synchronized Map<String, Object> addMaterial(String token, String type, byte[] bytes, String baseUrl) {
        String appId = app(token);
        if (!"image".equals(type) && !"thumb".equals(type)) {
            throw new WechatError(40004, "invalid media type");
        }
        if (bytes == null) {
            throw new WechatError(41005, "media data missing");
        }
        String format = imageFormat(bytes);
        if ("thumb".equals(type)) {
            if (!"jpg".equals(format)) {
                throw new WechatError(40005, "invalid file type");
            }
            if (bytes.length > MAX_THUMB_BYTES) {
                throw new WechatError(40012, "invalid thumb size");
            }
        } else {
            if (format.isEmpty()) {
                throw new WechatError(40005, "invalid file type");
            }
            if (bytes.length > MAX_IMAGE_BYTES) {
                throw new WechatError(40009, "invalid image size");
            }
        }
        String mediaId = newId("M");
        String url = baseUrl + "/media/" + mediaId;
        media.put(mediaId, new Media(appId, bytes, url, true));
        issuedImageUrls.add(url);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("media_id", mediaId);
        answer.put("url", url);
        return answer;
    }

    /**
     * {@code media/uploadimg}: jpg or png by the bytes (40005 otherwise, a GIF included), smaller than 1 MB (40009
     * otherwise). The URL answered is the only kind of image address a draft's content keeps.
     */
    synchronized Map<String, Object> uploadImage(String token, byte[] bytes, String baseUrl) {
        String appId = app(token);
        if (bytes == null) {
            throw new WechatError(41005, "media data missing");
        }
        String format = imageFormat(bytes);
        if (!"jpg".equals(format) && !"png".equals(format)) {
            throw new WechatError(40005, "invalid file type");
        }
        if (bytes.length >= MAX_BODY_IMAGE_BYTES) {
            throw new WechatError(40009, "invalid image size");
        }
        String id = newId("I");
        String url = baseUrl + "/media/" + id;
        media.put(id, new Media(appId, bytes, url, false));
        issuedImageUrls.add(url);
        return Map.of("url", url);
    }

    synchronized Map<String, Object> addDraft(String token, Map<String, Object> body) {
        String appId = app(token);
        if (!(body.get("articles") instanceof List<?> articles) || articles.isEmpty()) {
            throw new WechatError(44003, "empty news data");
        }
        if (articles.size() > MAX_ARTICLES) {
            throw new WechatError(45008, "article size out of limit");
        }
        List<NewsItem> items = new ArrayList<>();
        for (Object entry : articles) {
            if (!(entry instanceof Map<?, ?> article)) {
                throw new WechatError(47001, "data format error");
            }
            items.add(newsItem(appId, article));
        }
        String mediaId = newId("D");
        drafts.put(mediaId, List.copyOf(items));
        draftOwners.put(mediaId, appId);
        return Map.of("media_id", mediaId);
    }

    synchronized Map<String, Object> submit(String token, Map<String, Object> body, String baseUrl) {
        String appId = app(token);
        String mediaId = string(body.get("media_id"));
        if (mediaId.isEmpty() || !appId.equals(draftOwners.get(mediaId))) {
            throw new WechatError(40007, "invalid media_id");
        }
        // A submitted draft leaves the draft box, so submitting it twice is an error as on WeChat.
        List<NewsItem> items = drafts.remove(mediaId);
        draftOwners.remove(mediaId);
        String publishId = String.valueOf(2_247_483_000L + seq.incrementAndGet());
        jobs.put(publishId, new Job(appId, publishId, items, baseUrl, clock.instant()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errcode", 0);
        answer.put("errmsg", "ok");
        answer.put("publish_id", publishId);
        return answer;
    }

    synchronized Map<String, Object> publishStatus(String token, Map<String, Object> body) {
        String appId = app(token);
        Job job = jobs.get(string(body.get("publish_id")));
        if (job == null || !job.appId.equals(appId)) {
            throw new WechatError(53600, "invalid publish_id");
        }
        job.polls++;
        if (job.status == null && (job.polls >= finishingPoll || due(job))) {
            finish(job);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("publish_id", job.publishId);
        answer.put("publish_status", job.status == null ? 1 : job.status);
        if (job.articleId != null) {
            Published article = published.get(job.articleId);
            answer.put("article_id", job.articleId);
            List<Map<String, Object>> detail = new ArrayList<>();
            for (int i = 0; i < article.urls.size(); i++) {
                detail.add(Map.of("idx", i + 1, "article_url", article.urls.get(i)));
            }
            answer.put("article_detail", Map.of("count", detail.size(), "item", detail));
        }
        answer.put("fail_idx", job.failIdx);
        return answer;
    }

    /** A finished publish job, as WeChat pushes it in {@code PUBLISHJOBFINISH}. */
    record JobOutcome(String appId, String publishId, int status, String articleId, List<String> articleUrls,
            List<Integer> failIdx, int polls) {
    }

    /**
     * Finishes a publish job now if it is still publishing (the moment WeChat pushes its end), and answers its
     * outcome; empty for an unknown job.
     */
    synchronized Optional<JobOutcome> finishNow(String publishId) {
        Job job = jobs.get(publishId);
        if (job == null) {
            return Optional.empty();
        }
        if (job.status == null) {
            finish(job);
        }
        return Optional.of(outcome(job));
    }

    /** A publish job as it stands, with the number of {@code freepublish/get} calls it got; empty when unknown. */
    synchronized Optional<JobOutcome> job(String publishId) {
        finishDue();
        return Optional.ofNullable(jobs.get(publishId)).map(this::outcome);
    }

    /**
     * Every publish job submitted so far, oldest first, as it stands: also the jobs whose submitter never read
     * the publish_id (a timeout fault on {@code freepublish/submit}).
     */
    synchronized List<JobOutcome> jobs() {
        finishDue();
        return jobs.values().stream().map(this::outcome).toList();
    }

    private JobOutcome outcome(Job job) {
        List<String> urls = job.articleId == null ? List.of() : published.get(job.articleId).urls;
        return new JobOutcome(job.appId, job.publishId, job.status == null ? 1 : job.status, job.articleId, urls,
                job.failIdx, job.polls);
    }

    synchronized Map<String, Object> batchGet(String token, Map<String, Object> body) {
        String appId = app(token);
        int offset = number(body.get("offset"), 0);
        int count = number(body.get("count"), 0);
        finishDue();
        boolean noContent = number(body.get("no_content"), 0) == 1;
        if (offset < 0 || count < 1 || count > 20) {
            throw new WechatError(40097, "invalid args");
        }
        // As on WeChat, a job still publishing (under review) is not listed, and listing does not hurry it: only
        // its own rule (the second freepublish/get, or the pushed end) finishes it.
        List<Published> mine = new ArrayList<>(published.values().stream()
                .filter(article -> article.appId.equals(appId)).toList());
        Collections.reverse(mine);
        List<Map<String, Object>> page = new ArrayList<>();
        for (Published article : mine.subList(Math.min(offset, mine.size()), Math.min(offset + count, mine.size()))) {
            List<Map<String, Object>> newsItems = new ArrayList<>();
            for (int i = 0; i < article.items.size(); i++) {
                NewsItem item = article.items.get(i);
                Map<String, Object> news = new LinkedHashMap<>();
                news.put("title", item.title());
                news.put("author", item.author());
                news.put("digest", item.digest());
                if (!noContent) {
                    news.put("content", item.content());
                }
                news.put("content_source_url", item.contentSourceUrl());
                news.put("thumb_media_id", item.thumbMediaId());
                news.put("thumb_url", media.get(item.thumbMediaId()).url());
                news.put("need_open_comment", item.needOpenComment());
                news.put("only_fans_can_comment", item.onlyFansCanComment());
                news.put("url", article.urls.get(i));
                news.put("is_deleted", article.deleted[i]);
                newsItems.add(news);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("article_id", article.articleId);
            entry.put("content", Map.of("news_item", newsItems, "create_time", article.updateTime,
                    "update_time", article.updateTime));
            entry.put("update_time", article.updateTime);
            page.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total_count", mine.size());
        answer.put("item_count", page.size());
        answer.put("item", page);
        return answer;
    }

    synchronized Map<String, Object> delete(String token, Map<String, Object> body) {
        String appId = app(token);
        Published article = published.get(string(body.get("article_id")));
        if (article == null || !article.appId.equals(appId)) {
            throw new WechatError(53600, "invalid article_id");
        }
        int index = number(body.get("index"), 0);
        if (index < 0 || index > article.items.size()) {
            throw new WechatError(40097, "invalid args");
        }
        for (int i = 0; i < article.items.size(); i++) {
            if (index == 0 || index == i + 1) {
                article.deleted[i] = true;
                recorder.markDeleted(CHANNEL, postId(article.articleId, i));
            }
        }
        return Map.of("errcode", 0, "errmsg", "ok");
    }

    /** The app a token was issued to, or null (for fault scoping: never refuses). */
    synchronized String appOf(String token) {
        Token issued = token == null ? null : tokens.get(token);
        return issued == null ? null : issued.appId();
    }

    /** WeChat's errmsg for the codes the fault knob can inject. */
    static String errorMessage(int code) {
        return switch (code) {
            case -1 -> "system error";
            case 40001 -> "invalid credential, access_token is invalid or not latest";
            case 40014 -> "invalid access_token";
            case 42001 -> "access_token expired";
            case 40164 -> "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist";
            case 45009 -> "reach max api daily quota limit";
            case 45011 -> "api minute-quota reach limit  mustslower  retry next minute";
            case 48001 -> "api unauthorized";
            case 40007 -> "invalid media_id";
            case 45166 -> "invalid content";
            case 41039 -> "invalid content_source_url";
            case 53503 -> "该草稿未通过发布检查";
            case 53600 -> "Article ID 无效";
            default -> "simulated error " + code;
        };
    }

    synchronized Optional<byte[]> media(String mediaId) {
        return Optional.ofNullable(media.get(mediaId)).map(Media::bytes);
    }

    synchronized Optional<ArticleView> article(String articleId, int idx) {
        Published article = published.get(articleId);
        if (article == null || idx < 1 || idx > article.items.size()) {
            return Optional.empty();
        }
        NewsItem item = article.items.get(idx - 1);
        return Optional.of(new ArticleView(item.title(), item.author(), item.content(), item.contentSourceUrl(),
                article.deleted[idx - 1]));
    }

    /** The image format by its magic bytes: jpg, png, gif, bmp, or empty when it is none of them. */
    static String imageFormat(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return "";
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return "jpg";
        }
        if ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
            return "gif";
        }
        if (bytes[0] == 'B' && bytes[1] == 'M') {
            return "bmp";
        }
        return "";
    }

    /** The hub item id of a portal page URL ({@code …/t20260301_abc123.html}), or null. */
    static String itemIdOf(String portalUrl) {
        if (isBlank(portalUrl)) {
            return null;
        }
        String path = portalUrl.replaceFirst("[?#].*$", "");
        Matcher matcher = PORTAL_PAGE.matcher(path);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String string(Object value) {
        return value == null ? "" : value.toString();
    }

    private NewsItem newsItem(String appId, Map<?, ?> article) {
        String title = string(article.get("title"));
        String author = string(article.get("author"));
        String digest = string(article.get("digest"));
        String content = string(article.get("content"));
        String sourceUrl = string(article.get("content_source_url"));
        String thumb = string(article.get("thumb_media_id"));
        if (title.isBlank()) {
            throw new WechatError(44003, "empty news data: title");
        }
        if (length(title) > MAX_TITLE) {
            throw new WechatError(45003, "title size out of limit");
        }
        if (length(author) > MAX_AUTHOR) {
            throw new WechatError(45110, "author size out of limit");
        }
        if (length(digest) > MAX_DIGEST) {
            throw new WechatError(45004, "description size out of limit");
        }
        if (content.isBlank()) {
            throw new WechatError(44004, "empty content");
        }
        if (length(content) >= MAX_CONTENT_CHARS
                || content.getBytes(StandardCharsets.UTF_8).length >= MAX_CONTENT_BYTES) {
            throw new WechatError(45002, "content size out of limit");
        }
        Media thumbMedia = media.get(thumb);
        if (thumbMedia == null || !thumbMedia.appId().equals(appId) || !thumbMedia.material()) {
            throw new WechatError(40007, "invalid media_id");
        }
        if (!sourceUrl.isEmpty() && !isHttpUrl(sourceUrl)) {
            throw new WechatError(41039, "invalid content_source_url");
        }
        int[] stripped = {0};
        // WeChat drops images that are not on its own CDN; body images must go through media/uploadimg.
        String kept = IMG_TAG.matcher(content).replaceAll(match -> {
            Matcher src = IMG_SRC.matcher(match.group());
            if (src.find() && issuedImageUrls.contains(src.group(2))) {
                return Matcher.quoteReplacement(match.group());
            }
            stripped[0]++;
            return "";
        });
        if (digest.isEmpty()) {
            String text = TAG.matcher(kept).replaceAll("").replaceAll("\\s+", " ").strip();
            digest = text.codePointCount(0, text.length()) > 54
                    ? text.substring(0, text.offsetByCodePoints(0, 54))
                    : text;
        }
        return new NewsItem(title, author, digest, kept, sourceUrl, thumb,
                number(article.get("need_open_comment"), 0), number(article.get("only_fans_can_comment"), 0),
                stripped[0]);
    }

    /** Whether the job's review time is over. */
    private boolean due(Job job) {
        return !clock.instant().isBefore(job.submittedAt.plus(publishTime));
    }

    /** Finishes the jobs whose review time is over (they would have finished on WeChat by now). */
    private void finishDue() {
        jobs.values().stream().filter(job -> job.status == null && due(job)).toList().forEach(this::finish);
    }

    private void finish(Job job) {
        List<Integer> rejected = new ArrayList<>();
        for (int i = 0; i < job.items.size(); i++) {
            NewsItem item = job.items.get(i);
            if (item.title().contains(REJECT_MARKER) || item.content().contains(REJECT_MARKER)) {
                rejected.add(i + 1);
            }
        }
        if (!rejected.isEmpty()) {
            job.status = 4;
            job.failIdx = List.copyOf(rejected);
            return;
        }
        String articleId = newId("A");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < job.items.size(); i++) {
            urls.add(job.baseUrl + "/s/" + articleId + (i == 0 ? "" : "?idx=" + (i + 1)));
        }
        Published article = new Published(job.appId, articleId, job.items, List.copyOf(urls),
                clock.instant().getEpochSecond());
        published.put(articleId, article);
        job.status = 0;
        job.articleId = articleId;
        for (int i = 0; i < job.items.size(); i++) {
            NewsItem item = job.items.get(i);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("appId", job.appId);
            detail.put("publishId", job.publishId);
            detail.put("idx", i + 1);
            detail.put("author", item.author());
            detail.put("content", item.content());
            detail.put("content_source_url", item.contentSourceUrl());
            detail.put("thumb_media_id", item.thumbMediaId());
            detail.put("strippedImages", item.strippedImages());
            recorder.record(CHANNEL, postId(articleId, i), itemIdOf(item.contentSourceUrl()), item.title(),
                    item.digest(), urls.get(i), detail);
        }
    }

    private String app(String token) {
        if (isBlank(token)) {
            throw new WechatError(41001, "access_token missing");
        }
        Token issued = tokens.get(token);
        if (issued == null) {
            throw new WechatError(40001, "invalid credential, access_token is invalid or not latest");
        }
        if (!issued.expiresAt().isAfter(clock.instant())) {
            throw new WechatError(42001, "access_token expired");
        }
        return issued.appId();
    }

    private String newId(String prefix) {
        return prefix + seq.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String postId(String articleId, int index) {
        return index == 0 ? articleId : articleId + "#" + (index + 1);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && !isBlank(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int number(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return value == null ? fallback : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new WechatError(47001, "data format error");
        }
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
