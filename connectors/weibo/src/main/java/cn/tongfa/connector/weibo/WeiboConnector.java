package cn.tongfa.connector.weibo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.AccountCheck;
import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.MediaDownload;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.PostLinks;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.connector.api.UpdatePolicy;
import tools.jackson.databind.JsonNode;

/**
 * Posts items to the agencies' Weibo accounts: one status per item, linking to its portal page.
 *
 * <p>Delivered means Weibo returned the status id. Weibo cannot edit a status, so an update follows the account's
 * {@link UpdatePolicy}: refused for a person to handle ({@code MANUAL}), or the older versions' statuses deleted
 * and the new version posted with a link naming its version ({@code DELETE_AND_REPUBLISH}, see {@link PostLinks}).
 * A withdrawal finds the item's statuses on the account's timeline and deletes them. Weibo's "repeated text"
 * refusal often means an earlier attempt went through, so it is settled by looking at the timeline.
 *
 * <p>A status carries a picture when the item has one: its cover, else the first image of its body, both read
 * from the hub's media library ({@link MediaDownload}) and nowhere else. A picture Weibo would refuse (5 MB or
 * more, another type) is made into a JPEG under 5 MB ({@link WeiboPicture#fit}); a cover that cannot be read as an
 * image fails the delivery saying so, a body image that cannot is left out, the status going without a picture,
 * since the editor did not pick it for Weibo.
 */
public class WeiboConnector implements ChannelConnector {

    private static final Logger log = LoggerFactory.getLogger(WeiboConnector.class);

    private static final Set<Integer> RATE_LIMITED = Set.of(10022, 10023, 10024);
    private static final Set<Integer> WEIBO_BUSY = Set.of(10001, 10002, 10009);
    private static final Set<Integer> TOKEN_REJECTED = Set.of(21301, 21314, 21315, 21316, 21317, 21319, 21327,
            21332);
    private static final int TEXT_TOO_LONG = 20012;
    private static final int REPEATED_TEXT = 20019;
    private static final int NOT_SAFE_DOMAIN = 10017;
    private static final int NO_SUCH_STATUS = 20101;
    private static final int PICTURE_TYPE = 20005;
    private static final int PICTURE_TOO_BIG = 20006;
    /** A link in a status: printable ASCII up to white space, a quote, a bracket or any CJK text after it. */
    private static final Pattern LINK = Pattern.compile("https?://[!-~&&[^\"'<>]]+");

    /** At most this much of a picture is read from the hub (its own limit for images is 10 MB by default). */
    private static final long MAX_SOURCE_BYTES = 20L * 1024 * 1024;

    private final WeiboSettings settings;
    private final Clock clock;
    private final MediaDownload media;
    private volatile WeiboClient client;
    /** Agencies whose token Weibo refused: they need re-authorisation before anything is posted for them. */
    private final Map<String, String> rejectedTokens = new ConcurrentHashMap<>();

    public WeiboConnector(WeiboSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock the clock rate-limit waits are computed with */
    public WeiboConnector(WeiboSettings settings, Clock clock) {
        this.settings = settings == null ? new WeiboSettings(null, null, null, null, null) : settings;
        this.clock = clock;
        this.media = new MediaDownload(this.settings.readTimeout());
    }

    @Override
    public String channel() {
        return Channels.WEIBO;
    }

    @Override
    public void start() {
        String base = settings.apiBase();
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            log.warn("微博接口地址应以 http:// 或 https:// 开头：{}.api-base={}", WeiboSettings.PREFIX, base);
            return;
        }
        client();
    }

    @Override
    public String accountProblem(String agency) {
        WeiboAccount account = settings.accounts().get(agency);
        if (account == null || account.accessToken() == null || account.accessToken().isBlank()) {
            return "未配置微博账号的 access token：" + WeiboSettings.accessTokenKey(agency);
        }
        return rejectedTokens.get(agency);
    }

    /**
     * Reads the account's latest status with its token: Weibo answers that only for a valid token. A token Weibo
     * refuses (expired, revoked, unknown) marks the account for re-authorisation, as a refused post would.
     */
    @Override
    public AccountCheck checkAccount(String agency) {
        String token;
        try {
            token = token(agency);
        } catch (PermanentDeliveryException e) {
            return AccountCheck.rejected(e.getMessage());
        }
        WeiboClient.Answer answer;
        try {
            answer = client().latest(token);
        } catch (WeiboClient.CallFailure | IllegalArgumentException e) {
            return AccountCheck.unverified("无法连接微博：" + e.getMessage());
        }
        if (answer.ok()) {
            return AccountCheck.ok();
        }
        if (TOKEN_REJECTED.contains(answer.errorCode())) {
            String problem = refusal(answer, agency, null).getMessage();
            rejectedTokens.put(agency, problem);
            log.warn("微博账号需要重新授权：机构 {}，{}", agency, problem);
            return AccountCheck.rejected(problem);
        }
        return AccountCheck.unverified("微博未能核验授权：" + refusal(answer, agency, null).getMessage());
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        String token = token(event.agency());
        try {
            DeliveryReceipt receipt = switch (event.action()) {
                case PUBLISH -> publish(event, token);
                case UPDATE -> update(event, token);
                case WITHDRAW -> withdraw(event, token);
            };
            rejectedTokens.remove(event.agency());
            return receipt;
        } catch (PermanentDeliveryException e) {
            if (e.code() != null && e.code().matches("\\d+") && TOKEN_REJECTED.contains(Integer.parseInt(e.code()))) {
                // Reported through accountProblem so that operators are alerted; retrying cannot help.
                rejectedTokens.put(event.agency(), e.getMessage());
                log.warn("微博账号需要重新授权：机构 {}，{}", event.agency(), e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public Lookup lookup(ItemEvent event) {
        String token;
        try {
            token = token(event.agency());
        } catch (PermanentDeliveryException e) {
            return Lookup.unknown(e.getMessage());
        }
        List<Posted> posted;
        try {
            posted = statuses(token, event);
        } catch (DeliveryException e) {
            return Lookup.unknown("查询微博失败：" + e.getMessage());
        }
        return switch (event.action()) {
            case PUBLISH, UPDATE -> own(posted, event).map(s -> Lookup.found(receipt(s))).orElseGet(Lookup::notFound);
            case WITHDRAW -> posted.isEmpty() ? Lookup.found(new DeliveryReceipt(null, null)) : Lookup.notFound();
        };
    }

    @Override
    public void close() {
        WeiboClient current = client;
        if (current != null) {
            current.close();
        }
    }

    private DeliveryReceipt publish(ItemEvent event, String token) throws DeliveryException {
        WeiboPost post;
        try {
            post = WeiboPost.of(event);
        } catch (IllegalArgumentException e) {
            throw new PermanentDeliveryException("content", e.getMessage(), e);
        }
        WeiboPicture picture = picture(event);
        WeiboClient.Answer answer;
        try {
            answer = client().share(token, post.text(), picture);
        } catch (WeiboClient.CallFailure e) {
            if (e.sent()) {
                throw new UnconfirmedDeliveryException("微博未应答，可能已发出：" + e.getMessage(), e);
            }
            throw new RetriableDeliveryException("connect", "无法连接微博：" + e.getMessage(), e);
        }
        if (answer.ok()) {
            return receipt(answer.body());
        }
        if (answer.errorCode() == REPEATED_TEXT) {
            Optional<JsonNode> earlier;
            try {
                earlier = own(statuses(token, event), event);
            } catch (DeliveryException e) {
                throw new UnconfirmedDeliveryException("微博认为内容重复，但查询已发微博失败：" + e.getMessage(), e);
            }
            if (earlier.isPresent()) {
                return receipt(earlier.get());
            }
            throw new PermanentDeliveryException(code(answer),
                    "微博认为内容与已发微博重复，且账号中找不到本条信息，请修改微博文字后重试（微博 " + code(answer) + "："
                            + answer.error() + "）");
        }
        throw refusal(answer, event.agency(), post);
    }

    /**
     * The picture to attach: the cover, else the first body image, fitted to Weibo's limits; null when the item
     * has neither, or the body image cannot be used.
     */
    private WeiboPicture picture(ItemEvent event) throws DeliveryException {
        ItemSnapshot item = event.item();
        ItemSnapshot.Media chosen = item.cover() != null ? item.cover()
                : item.images().isEmpty() ? null : item.images().get(0);
        if (chosen == null) {
            return null;
        }
        boolean cover = chosen == item.cover();
        String what = (cover ? "封面图片“" : "正文第一张图片“") + chosen.name() + "”";
        byte[] bytes;
        try {
            bytes = media.read(chosen, MAX_SOURCE_BYTES);
        } catch (PermanentDeliveryException e) {
            return unusable(cover, what + "无法读取：" + e.getMessage(), event);
        }
        WeiboPicture picture;
        try {
            picture = WeiboPicture.fit(bytes);
        } catch (IllegalArgumentException e) {
            return unusable(cover, what + "：" + e.getMessage(), event);
        }
        if (picture.bytes() != bytes) {
            String from = WeiboPicture.sniff(bytes);
            log.info("Weibo picture of item {} ({}) made a JPEG of {} bytes from {} {} bytes{}", event.itemId(),
                    chosen.id(), picture.bytes().length, from == null ? "an image of" : from, bytes.length,
                    "gif".equals(from) ? ": an animated GIF keeps only its first frame" : "");
        }
        return picture;
    }

    private static WeiboPicture unusable(boolean cover, String reason, ItemEvent event)
            throws PermanentDeliveryException {
        if (cover) {
            throw new PermanentDeliveryException("picture", reason + "。请更换封面图片后重试");
        }
        log.warn("Weibo status of item {} goes without a picture: {}", event.itemId(), reason);
        return null;
    }

    /**
     * Replaces the item's status by its new version, safely repeatable: statuses of older versions are deleted
     * (one already gone is fine), then the new version is posted unless its own status (recognised by its link)
     * is already on the timeline. A newer version's status is never touched.
     */
    private DeliveryReceipt update(ItemEvent event, String token) throws DeliveryException {
        WeiboAccount account = settings.accounts().get(event.agency());
        if (account.updatePolicy() != UpdatePolicy.DELETE_AND_REPUBLISH) {
            throw new PermanentDeliveryException("update-manual", "需人工处理：微博发出后不能修改，本机构的更新策略为人工处理。"
                    + "请在微博上删除原微博后重新发布，或发布更正说明；如需系统自动删除原微博并重新发布，请将 "
                    + WeiboSettings.accountKey(event.agency(), "update-policy") + " 设为 DELETE_AND_REPUBLISH（条目 "
                    + event.itemId() + "，第" + event.version() + "版）");
        }
        List<Posted> posted = statuses(token, event);
        int newest = posted.stream().mapToInt(Posted::version).max().orElse(PostLinks.NOT_THIS_ITEM);
        if (newest > event.version()) {
            throw new PermanentDeliveryException("superseded", "微博上已是本条目第" + newest + "版的微博，第"
                    + event.version() + "版不再发布，以免旧内容替换新内容");
        }
        Optional<JsonNode> current = own(posted, event);
        for (Posted older : posted) {
            if (current.isPresent() && older.status() == current.get()) {
                continue;
            }
            destroy(token, event.agency(), receipt(older.status()).ref());
            log.info("Deleted Weibo status {} of item {} to post version {}", receipt(older.status()).ref(),
                    event.itemId(), event.version());
        }
        if (current.isPresent()) {
            return receipt(current.get());
        }
        return publish(event, token);
    }

    private DeliveryReceipt withdraw(ItemEvent event, String token) throws DeliveryException {
        List<Posted> posted = statuses(token, event);
        if (posted.isEmpty()) {
            return new DeliveryReceipt(null, null);
        }
        // Every version's status goes, duplicates from an earlier doubtful attempt too.
        for (Posted status : posted) {
            destroy(token, event.agency(), receipt(status.status()).ref());
        }
        return receipt(posted.get(0).status());
    }

    private void destroy(String token, String agency, String id) throws DeliveryException {
        WeiboClient.Answer answer;
        try {
            answer = client().destroy(token, id);
        } catch (WeiboClient.CallFailure e) {
            // Deleting twice is harmless (the second answers "does not exist"), so a doubtful delete is retried.
            throw new RetriableDeliveryException("connect", "删除微博时未得到应答：" + e.getMessage(), e);
        }
        if (!answer.ok() && answer.errorCode() != NO_SUCH_STATUS) {
            throw refusal(answer, agency, null);
        }
    }

    /** A status of the item on the account's timeline, and the version its link names. */
    private record Posted(JsonNode status, String link, int version) {
    }

    /** The status posted for this very event (its link is the event's), if any. */
    private static Optional<JsonNode> own(List<Posted> posted, ItemEvent event) {
        String link = PostLinks.of(event);
        return posted.stream().filter(p -> p.link().equals(link)).map(Posted::status).findFirst();
    }

    /** The account's recent statuses linking to the item's portal page, of any version, newest first. */
    private List<Posted> statuses(String token, ItemEvent event) throws DeliveryException {
        String portalUrl = event.item().portalUrl();
        List<Posted> found = new ArrayList<>();
        if (portalUrl == null || portalUrl.isBlank()) {
            return found;
        }
        for (int page = 1; page <= settings.lookupPages(); page++) {
            WeiboClient.Answer answer;
            try {
                answer = client().userTimeline(token, page);
            } catch (WeiboClient.CallFailure e) {
                throw new RetriableDeliveryException("connect", "无法读取微博时间线：" + e.getMessage(), e);
            }
            if (!answer.ok()) {
                throw refusal(answer, event.agency(), null);
            }
            JsonNode statuses = answer.body().path("statuses");
            for (JsonNode status : statuses) {
                Matcher links = LINK.matcher(status.path("text").asString(""));
                while (links.find()) {
                    String link = links.group().replaceFirst("[.,;:!?)\\]}]+$", "");
                    int version = PostLinks.version(link, portalUrl);
                    if (version != PostLinks.NOT_THIS_ITEM) {
                        found.add(new Posted(status, link, version));
                        break;
                    }
                }
            }
            if (statuses.size() < WeiboClient.PAGE_SIZE) {
                break;
            }
        }
        return found;
    }

    private DeliveryException refusal(WeiboClient.Answer answer, String agency, WeiboPost post) {
        int errorCode = answer.errorCode();
        String code = code(answer);
        String weibo = "（微博 " + code + "：" + answer.error() + "）";
        if (RATE_LIMITED.contains(errorCode) || answer.status() == 429) {
            Instant now = clock.instant();
            Duration untilNextHour = Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
            return new RetriableDeliveryException(code, "微博发布频率超限，将在下一个整点后重试" + weibo, untilNextHour,
                    null);
        }
        if (WEIBO_BUSY.contains(errorCode) || answer.status() >= 500) {
            return new RetriableDeliveryException(code, "微博暂时不可用" + weibo, null);
        }
        if (TOKEN_REJECTED.contains(errorCode)) {
            return new PermanentDeliveryException(code, "微博授权已失效，需要重新授权：请更新 "
                    + WeiboSettings.accessTokenKey(agency) + weibo);
        }
        if (errorCode == TEXT_TOO_LONG) {
            return new PermanentDeliveryException(code, "微博正文超过 140 字" + weibo);
        }
        if (errorCode == PICTURE_TYPE) {
            return new PermanentDeliveryException(code, "微博不接受该图片的格式，只支持JPG、PNG、GIF，请更换封面图片" + weibo);
        }
        if (errorCode == PICTURE_TOO_BIG) {
            return new PermanentDeliveryException(code, "微博配图超过大小上限（小于5MB），请更换封面图片" + weibo);
        }
        if (errorCode == NOT_SAFE_DOMAIN) {
            String link = post == null ? "门户网站" : post.link();
            return new PermanentDeliveryException(code, "微博应用的安全域名不包含门户网站链接的域名，请在微博开放平台为 "
                    + link + " 的域名配置安全域名" + weibo);
        }
        return new PermanentDeliveryException(code, "微博拒绝了这条微博" + weibo);
    }

    private static DeliveryReceipt receipt(JsonNode status) {
        String id = status.hasNonNull("idstr") ? status.get("idstr").asString() : status.path("id").asString();
        String uid = status.path("user").hasNonNull("idstr") ? status.path("user").get("idstr").asString()
                : status.path("user").path("id").asString();
        return new DeliveryReceipt(id, "https://weibo.com/" + uid + "/" + id);
    }

    private static String code(WeiboClient.Answer answer) {
        return answer.errorCode() != 0 ? Integer.toString(answer.errorCode()) : Integer.toString(answer.status());
    }

    private String token(String agency) throws PermanentDeliveryException {
        String problem = accountProblem(agency);
        if (problem != null) {
            throw new PermanentDeliveryException("config", problem);
        }
        return settings.accounts().get(agency).accessToken();
    }

    // Built on first use so that a connector with a bad address still answers accountProblem().
    private WeiboClient client() {
        WeiboClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = new WeiboClient(settings.apiBase(), settings.connectTimeout(), settings.readTimeout());
                    client = current;
                }
            }
        }
        return current;
    }
}
