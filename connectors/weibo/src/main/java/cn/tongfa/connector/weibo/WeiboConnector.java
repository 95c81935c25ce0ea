package cn.tongfa.connector.weibo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import tools.jackson.databind.JsonNode;

/**
 * Posts items to the agencies' Weibo accounts: one status per item, linking to its portal page.
 *
 * <p>Delivered means Weibo returned the status id. Weibo cannot edit a status, so an update is refused for a
 * person to handle; a withdrawal finds the status on the account's timeline and deletes it. Weibo's "repeated
 * text" refusal often means an earlier attempt went through, so it is settled by looking at the timeline.
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

    private final WeiboSettings settings;
    private final Clock clock;
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

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        String token = token(event.agency());
        try {
            DeliveryReceipt receipt = switch (event.action()) {
                case PUBLISH -> publish(event, token);
                case UPDATE -> throw new PermanentDeliveryException("no-edit", "微博不能修改，请人工处理");
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
        Optional<JsonNode> status;
        try {
            status = find(token, event);
        } catch (DeliveryException e) {
            return Lookup.unknown("查询微博失败：" + e.getMessage());
        }
        return switch (event.action()) {
            case PUBLISH, UPDATE -> status.map(s -> Lookup.found(receipt(s))).orElseGet(Lookup::notFound);
            case WITHDRAW -> status.isPresent() ? Lookup.notFound() : Lookup.found(new DeliveryReceipt(null, null));
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
        WeiboClient.Answer answer;
        try {
            answer = client().share(token, post.text());
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
                earlier = find(token, event);
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

    private DeliveryReceipt withdraw(ItemEvent event, String token) throws DeliveryException {
        Optional<JsonNode> status = find(token, event);
        if (status.isEmpty()) {
            return new DeliveryReceipt(null, null);
        }
        DeliveryReceipt receipt = receipt(status.get());
        WeiboClient.Answer answer;
        try {
            answer = client().destroy(token, receipt.ref());
        } catch (WeiboClient.CallFailure e) {
            // Deleting twice is harmless (the second answers "does not exist"), so a doubtful delete is retried.
            throw new RetriableDeliveryException("connect", "删除微博时未得到应答：" + e.getMessage(), e);
        }
        if (answer.ok() || answer.errorCode() == NO_SUCH_STATUS) {
            return receipt;
        }
        throw refusal(answer, event.agency(), null);
    }

    /** Searches the account's recent statuses for the one linking to the item's portal page. */
    private Optional<JsonNode> find(String token, ItemEvent event) throws DeliveryException {
        String link = event.item().portalUrl();
        if (link == null || link.isBlank()) {
            return Optional.empty();
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
                if (status.path("text").asString("").contains(link.strip())) {
                    return Optional.of(status);
                }
            }
            if (statuses.size() < WeiboClient.PAGE_SIZE) {
                break;
            }
        }
        return Optional.empty();
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
