package cn.tongfa.sandbox.weibo;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import cn.tongfa.sandbox.SandboxFaults;
import cn.tongfa.sandbox.SandboxRecorder;

/**
 * Weibo's {@code /2/statuses/} API as a government account's app sees it: {@code share.json} with Weibo's
 * checks (token, 140-character limit, safe-domain link, repeated text, hourly limit, and for the optional
 * picture {@code pic}: JPEG, GIF or PNG by its bytes, less than 5 MB), {@code user_timeline.json} and
 * {@code destroy.json}, answering Weibo's status objects and error bodies. An accepted picture is recorded
 * (type, size, SHA-256) with the post and shown on the status as {@code original_pic}.
 *
 * <p>Tokens come from {@code tongfa.sandbox.weibo.tokens.<token>=<uid>}; with none configured any non-blank
 * token is accepted, except that tokens starting with {@code expired} or {@code invalid} are refused as Weibo
 * refuses expired and revoked tokens.
 */
@RestController
@RequestMapping("/sandbox/weibo/2/statuses")
class WeiboSimulator {

    static final String CHANNEL = "weibo";

    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter
            .ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.US)
            .withZone(ZoneId.of("Asia/Shanghai"));
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>]+");
    private static final Pattern ITEM_PAGE = Pattern.compile("t\\d{8}_([0-9a-z]+)\\.html");
    private static final int MAX_LENGTH = 140;
    private static final long MAX_PICTURE_BYTES = 5L * 1024 * 1024 - 1;

    private final SandboxRecorder recorder;
    private final SandboxFaults faults;
    private final Map<String, String> tokens;
    private final List<String> safeDomains;
    private final int hourlyLimit;
    private final Clock clock = Clock.systemUTC();

    private final Map<String, List<Status>> timelines = new HashMap<>();
    private final Map<String, Deque<Instant>> postsPerToken = new HashMap<>();
    private long lastId = 5_000_000_000_000_000L;

    WeiboSimulator(SandboxRecorder recorder, SandboxFaults faults, Environment environment,
            @Value("${tongfa.sandbox.weibo.safe-domains:localhost,127.0.0.1}") List<String> safeDomains,
            @Value("${tongfa.sandbox.weibo.hourly-limit:0}") int hourlyLimit) {
        this.recorder = recorder;
        this.faults = faults;
        this.tokens = Binder.get(environment)
                .bind("tongfa.sandbox.weibo.tokens", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        this.safeDomains = safeDomains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).toList();
        this.hourlyLimit = hourlyLimit;
    }

    private record Status(long id, String uid, String text, Instant createdAt, boolean deleted, String pictureSha) {
    }

    /** A refusal in Weibo's error format. */
    private static final class WeiboError extends RuntimeException {
        private final HttpStatus status;
        private final int code;

        WeiboError(HttpStatus status, int code, String error) {
            super(error, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    @PostMapping("/share.json")
    ResponseEntity<Map<String, Object>> share(@RequestParam(name = "access_token", required = false) String token,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) MultipartFile pic,
            @RequestParam(required = false) String rip) {
        faults.before(CHANNEL, "share.json", token);
        try {
            injected("share.json", token);
            String uid = uid(token);
            if (status == null || status.isBlank()) {
                throw new WeiboError(HttpStatus.BAD_REQUEST, 10016,
                        "Miss required parameter (status) , see doc for more info.");
            }
            if (weiboLength(status) > MAX_LENGTH) {
                throw new WeiboError(HttpStatus.BAD_REQUEST, 20012,
                        "Text too long, please input text less than 140 characters!");
            }
            if (!containsSafeLink(status)) {
                throw new WeiboError(HttpStatus.BAD_REQUEST, 10017, "Parameter (status)'s value invalid, expect "
                        + "(a url of the app's safe domain), but get (" + status + "), see doc for more info.");
            }
            Picture picture = picture(pic);
            Status posted;
            synchronized (timelines) {
                List<Status> timeline = timelines.computeIfAbsent(uid, u -> new ArrayList<>());
                if (timeline.stream().anyMatch(s -> !s.deleted() && s.text().equals(status))) {
                    throw new WeiboError(HttpStatus.BAD_REQUEST, 20019, "Repeated weibo text!");
                }
                takeHourlyQuota(token);
                posted = new Status(++lastId, uid, status, clock.instant(), false,
                        picture == null ? null : picture.sha256());
                timeline.add(posted);
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("uid", uid);
            if (picture != null) {
                detail.put("picBytes", picture.size());
                detail.put("picType", picture.type());
                detail.put("picSha256", picture.sha256());
            }
            if (rip != null) {
                detail.put("rip", rip);
            }
            recorder.record(CHANNEL, Long.toString(posted.id()), itemId(status), null, status,
                    "https://weibo.com/" + uid + "/" + posted.id(), detail);
            faults.after(CHANNEL, "share.json", token, true);
            return ResponseEntity.ok(json(posted));
        } catch (WeiboError error) {
            return refused(error, "/2/statuses/share.json");
        }
    }

    @GetMapping("/user_timeline.json")
    ResponseEntity<Map<String, Object>> userTimeline(
            @RequestParam(name = "access_token", required = false) String token,
            @RequestParam(defaultValue = "20") int count,
            @RequestParam(defaultValue = "1") int page) {
        faults.before(CHANNEL, "user_timeline.json", token);
        try {
            injected("user_timeline.json", token);
            String uid = uid(token);
            int size = Math.max(1, Math.min(100, count));
            int from = (Math.max(1, page) - 1) * size;
            List<Status> live;
            synchronized (timelines) {
                live = timelines.getOrDefault(uid, List.of()).stream().filter(s -> !s.deleted()).toList();
            }
            List<Map<String, Object>> statuses = new ArrayList<>();
            for (int i = live.size() - 1 - from; i >= 0 && statuses.size() < size; i--) {
                statuses.add(json(live.get(i)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("statuses", statuses);
            body.put("total_number", live.size());
            faults.after(CHANNEL, "user_timeline.json", token);
            return ResponseEntity.ok(body);
        } catch (WeiboError error) {
            return refused(error, "/2/statuses/user_timeline.json");
        }
    }

    @PostMapping("/destroy.json")
    ResponseEntity<Map<String, Object>> destroy(@RequestParam(name = "access_token", required = false) String token,
            @RequestParam(required = false) String id) {
        faults.before(CHANNEL, "destroy.json", token);
        try {
            injected("destroy.json", token);
            String uid = uid(token);
            Status destroyed = null;
            synchronized (timelines) {
                List<Status> timeline = timelines.getOrDefault(uid, new ArrayList<>());
                for (int i = 0; i < timeline.size(); i++) {
                    Status status = timeline.get(i);
                    if (!status.deleted() && Long.toString(status.id()).equals(id)) {
                        destroyed = new Status(status.id(), uid, status.text(), status.createdAt(), true,
                                status.pictureSha());
                        timeline.set(i, destroyed);
                    }
                }
            }
            if (destroyed == null) {
                throw new WeiboError(HttpStatus.BAD_REQUEST, 20101, "Target weibo does not exist!");
            }
            recorder.markDeleted(CHANNEL, id);
            faults.after(CHANNEL, "destroy.json", token);
            return ResponseEntity.ok(json(destroyed));
        } catch (WeiboError error) {
            return refused(error, "/2/statuses/destroy.json");
        }
    }

    private record Picture(String type, long size, String sha256) {
    }

    /** Weibo's checks of {@code pic}: a JPEG, GIF or PNG by its bytes (not its name), less than 5 MB. */
    private static Picture picture(MultipartFile pic) {
        if (pic == null || pic.isEmpty()) {
            return null;
        }
        if (pic.getSize() > MAX_PICTURE_BYTES) {
            throw new WeiboError(HttpStatus.BAD_REQUEST, 20006, "Image size too large.");
        }
        byte[] bytes;
        try {
            bytes = pic.getBytes();
        } catch (IOException e) {
            throw new WeiboError(HttpStatus.BAD_REQUEST, 20007, "Does multipart has image?");
        }
        String type = pictureType(bytes);
        if (type == null) {
            throw new WeiboError(HttpStatus.BAD_REQUEST, 20005, "Unsupported image type, only suport JPG, GIF, PNG!");
        }
        try {
            return new Picture(type, bytes.length, HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pictureType(byte[] bytes) {
        if (bytes.length < 4) {
            return null;
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpg";
        }
        if ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == '8') {
            return "gif";
        }
        return null;
    }

    /**
     * Weibo's count: a CJK (any non-ASCII) character counts 1, two ASCII characters count 1, rounded up.
     */
    static int weiboLength(String text) {
        int halves = text.codePoints().map(cp -> cp < 0x80 ? 1 : 2).sum();
        return (halves + 1) / 2;
    }

    /** Answers with the error code the fault knob asks for, in Weibo's format and with Weibo's HTTP status. */
    private void injected(String endpoint, String token) {
        Integer code = faults.errorCode(CHANNEL, endpoint, token);
        if (code == null) {
            return;
        }
        throw switch (code) {
            case 10022 -> new WeiboError(HttpStatus.FORBIDDEN, code, "IP requests out of rate limit!");
            case 10023 -> new WeiboError(HttpStatus.FORBIDDEN, code, "User requests out of rate limit!");
            case 10024 -> new WeiboError(HttpStatus.FORBIDDEN, code,
                    "User requests for (statuses/share) out of rate limit!");
            case 20012 -> new WeiboError(HttpStatus.BAD_REQUEST, code,
                    "Text too long, please input text less than 140 characters!");
            case 20019 -> new WeiboError(HttpStatus.BAD_REQUEST, code, "Repeated weibo text!");
            case 20005 -> new WeiboError(HttpStatus.BAD_REQUEST, code,
                    "Unsupported image type, only suport JPG, GIF, PNG!");
            case 20006 -> new WeiboError(HttpStatus.BAD_REQUEST, code, "Image size too large.");
            case 21327 -> new WeiboError(HttpStatus.UNAUTHORIZED, code, "expired_token");
            case 21332 -> new WeiboError(HttpStatus.UNAUTHORIZED, code, "invalid_access_token");
            case 10017 -> new WeiboError(HttpStatus.BAD_REQUEST, code,
                    "Parameter (status)'s value invalid, expect (a url of the app's safe domain), "
                            + "see doc for more info.");
            case 10001 -> new WeiboError(HttpStatus.INTERNAL_SERVER_ERROR, code, "System error!");
            default -> new WeiboError(HttpStatus.BAD_REQUEST, code, "simulated error " + code);
        };
    }

    private String uid(String token) {
        if (token == null || token.isBlank()) {
            throw new WeiboError(HttpStatus.FORBIDDEN, 21301, "auth faild!");
        }
        if (tokens.isEmpty()) {
            if (token.startsWith("expired")) {
                throw new WeiboError(HttpStatus.FORBIDDEN, 21327, "expired_token");
            }
            if (token.startsWith("invalid")) {
                throw new WeiboError(HttpStatus.FORBIDDEN, 21332, "invalid_access_token");
            }
            return Long.toString(5_000_000_000L + (token.hashCode() & 0x7fffffffL));
        }
        String uid = tokens.get(token);
        if (uid == null) {
            throw new WeiboError(HttpStatus.FORBIDDEN, 21332, "invalid_access_token");
        }
        return uid;
    }

    private void takeHourlyQuota(String token) {
        if (hourlyLimit <= 0) {
            return;
        }
        Instant now = clock.instant();
        Deque<Instant> recent = postsPerToken.computeIfAbsent(token, t -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
            recent.removeFirst();
        }
        if (recent.size() >= hourlyLimit) {
            throw new WeiboError(HttpStatus.FORBIDDEN, 10023, "User requests out of rate limit!");
        }
        recent.addLast(now);
    }

    private boolean containsSafeLink(String text) {
        Matcher matcher = URL.matcher(text);
        while (matcher.find()) {
            try {
                String host = new URI(matcher.group()).getHost();
                if (host != null && isSafe(host.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            } catch (URISyntaxException e) {
                // Weibo ignores what it cannot read as a link; so do we.
            }
        }
        return false;
    }

    private boolean isSafe(String host) {
        return safeDomains.stream().anyMatch(domain -> host.equals(domain) || host.endsWith("." + domain));
    }

    private static String itemId(String text) {
        Matcher matcher = ITEM_PAGE.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static Map<String, Object> json(Status status) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", Long.parseLong(status.uid()));
        user.put("idstr", status.uid());
        user.put("screen_name", "沙箱政务微博" + status.uid().substring(Math.max(0, status.uid().length() - 4)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", CREATED_AT.format(status.createdAt()));
        json.put("id", status.id());
        json.put("idstr", Long.toString(status.id()));
        json.put("mid", Long.toString(status.id()));
        json.put("text", status.text());
        json.put("source", "<a href=\"https://tongfa.example\" rel=\"nofollow\">通发</a>");
        if (status.pictureSha() != null) {
            String picId = status.pictureSha().substring(0, 22);
            json.put("pic_ids", List.of(picId));
            json.put("thumbnail_pic", "https://wx1.sinaimg.cn/thumbnail/" + picId + ".jpg");
            json.put("original_pic", "https://wx1.sinaimg.cn/large/" + picId + ".jpg");
        }
        json.put("user", user);
        return json;
    }

    private static ResponseEntity<Map<String, Object>> refused(WeiboError error, String request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.getMessage());
        body.put("error_code", error.code);
        body.put("request", request);
        return ResponseEntity.status(error.status).body(body);
    }
}
