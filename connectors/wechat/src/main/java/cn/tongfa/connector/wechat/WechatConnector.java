package cn.tongfa.connector.wechat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.connector.wechat.WechatFailures.Step;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishItem;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishList;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import okhttp3.OkHttpClient;

/**
 * Publishes items as articles on each agency's WeChat official account through WeChat's publishing API
 * (发布能力): cover image as permanent material, a draft, a publish job, then polling the job until WeChat
 * reports it finished. "Delivered" means the job finished with an article id and URL.
 *
 * <p>Published articles cannot be edited on WeChat, so {@link ItemAction#UPDATE} fails for an editor to
 * handle; {@link ItemAction#WITHDRAW} deletes the article. {@link #lookup(ItemEvent)} searches the account's
 * published articles for the one whose 阅读原文 link is the item's portal page.
 *
 * <p>Thread-safe: deliveries of different items run concurrently.
 */
public class WechatConnector implements ChannelConnector {

    private static final Logger log = LoggerFactory.getLogger(WechatConnector.class);

    private static final int PAGE_SIZE = 20;
    /** Look-ups give up (answering "unknown") after this many pages: 2,000 articles. */
    private static final int MAX_PAGES = 100;
    private static final long MAX_COVER_BYTES = 10L * 1024 * 1024;
    private static final long MAX_BODY_IMAGE_BYTES = 1024 * 1024 - 1;
    private static final int MAX_CACHED_COVERS = 1000;
    private static final Pattern IMG_SRC = Pattern.compile("(<img\\b[^>]*?\\bsrc\\s*=\\s*)([\"'])(.*?)\\2",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final WechatSettings settings;
    private final Clock clock;
    private final WechatFailures failures;
    private final OkHttpClient plainHttp;
    private final OkHttpClient apiHttp;
    private final WechatImages images;

    private final Map<String, WechatClient> clients = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    /** Per agency: media_id of the default cover, uploaded once. */
    private final Map<String, String> defaultCovers = new ConcurrentHashMap<>();
    /** Per agency and cover URL: media_id, so that retries and re-publications do not pile up material. */
    private final Map<String, String> covers = new ConcurrentHashMap<>();
    /** Publish jobs a delivery stopped waiting for, by delivery key: a look-up asks WeChat about them first. */
    private final Map<String, String> pendingJobs = new ConcurrentHashMap<>();

    /**
     * @param settings the channel's settings; each agency needs an entry under {@code accounts}
     */
    public WechatConnector(WechatSettings settings) {
        this(settings, Clock.systemUTC());
    }

    WechatConnector(WechatSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.failures = new WechatFailures(clock);
        this.plainHttp = WechatHttp.plain(settings.requestTimeout());
        this.apiHttp = WechatHttp.api(plainHttp);
        this.images = new WechatImages(plainHttp);
    }

    @Override
    public String channel() {
        return Channels.WECHAT;
    }

    @Override
    public void start() {
        settings.accounts().forEach((agency, account) -> {
            String problem = configurationProblem(agency, account);
            if (problem != null) {
                problems.put(agency, problem);
                log.warn("WeChat account of agency {} is not usable: {}", agency, problem);
            }
        });
    }

    @Override
    public String accountProblem(String agency) {
        WechatAccount account = settings.account(agency);
        if (account == null) {
            return missingAccount(agency);
        }
        String problem = configurationProblem(agency, account);
        return problem != null ? problem : problems.get(agency);
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        try {
            DeliveryReceipt receipt = switch (event.action()) {
                case PUBLISH -> publish(event);
                case UPDATE -> throw new PermanentDeliveryException(null, "微信公众号已发布的文章不能修改，请人工处理："
                        + "在公众号后台删除原文后重新发布，或发布更正说明（条目 " + event.itemId() + "，第" + event.version()
                        + "版）");
                case WITHDRAW -> withdraw(event);
            };
            problems.remove(event.agency());
            return receipt;
        } catch (PermanentDeliveryException e) {
            if (e.code() != null && e.code().matches("-?\\d+")
                    && WechatFailures.isAccountProblem(Integer.parseInt(e.code()))) {
                problems.put(event.agency(), e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public Lookup lookup(ItemEvent event) {
        WechatAccount account = settings.account(event.agency());
        if (account == null) {
            return Lookup.unknown(missingAccount(event.agency()));
        }
        String portalUrl = event.item().portalUrl();
        if (portalUrl == null || portalUrl.isBlank()) {
            return Lookup.unknown("条目缺少门户网站链接，无法在微信公众号中查找对应文章");
        }
        WechatClient client = client(event.agency(), account);
        try {
            if (event.action() == ItemAction.WITHDRAW) {
                return lookupWithdrawal(client, event.agency(), portalUrl);
            }
            String publishId = pendingJobs.get(key(event));
            if (publishId != null) {
                WxMpFreePublishStatus status = call(Step.STATUS, event.agency(), () -> client.status(publishId));
                Integer code = status.getPublish_status();
                if (code != null && code == 0) {
                    pendingJobs.remove(key(event));
                    return Lookup.found(receipt(status));
                }
                if (code == null || code == 1) {
                    return Lookup.unknown("微信仍在发布该文章（publish_id " + publishId + "），请稍后再查");
                }
                pendingJobs.remove(key(event));
                return Lookup.notFound();
            }
            List<Match> matches = find(client, event.agency(), portalUrl);
            return matches.stream().filter(match -> !match.deleted()).findFirst()
                    .<Lookup>map(match -> Lookup.found(new DeliveryReceipt(match.articleId(), match.url())))
                    .orElseGet(Lookup::notFound);
        } catch (DeliveryException e) {
            return Lookup.unknown("查询微信公众号已发布文章失败：" + e.getMessage());
        }
    }

    @Override
    public void close() {
        plainHttp.dispatcher().executorService().shutdown();
        plainHttp.connectionPool().evictAll();
    }

    private DeliveryReceipt publish(ItemEvent event) throws DeliveryException {
        WechatAccount account = account(event.agency());
        WechatArticle article = WechatArticle.of(event.item(), account.author());
        String agency = event.agency();
        WechatClient client = client(agency, account);
        call(Step.TOKEN, agency, () -> {
            client.token();
            return null;
        });
        boolean defaultCover = event.item().coverUrl() == null || event.item().coverUrl().isBlank();
        String thumb = defaultCover ? defaultCover(client, agency) : cover(client, agency, event.item().coverUrl());
        WechatArticle adapted = article.withContent(moveImages(client, agency, article));
        String draft;
        try {
            draft = call(Step.DRAFT, agency, () -> client.addDraft(adapted, thumb));
        } catch (PermanentDeliveryException e) {
            if (!"40007".equals(e.code())) {
                throw e;
            }
            // Someone deleted the cached cover material in the WeChat back office: upload it again, once.
            covers.values().remove(thumb);
            defaultCovers.remove(agency, thumb);
            String fresh = defaultCover ? defaultCover(client, agency) : cover(client, agency, event.item().coverUrl());
            draft = call(Step.DRAFT, agency, () -> client.addDraft(adapted, fresh));
        }
        String media = draft;
        String publishId = call(Step.SUBMIT, agency, () -> client.submit(media));
        pendingJobs.put(key(event), publishId);
        DeliveryReceipt receipt = awaitPublished(client, agency, publishId, key(event));
        log.info("Published item {} v{} of {} on WeChat as article {}", event.itemId(), event.version(), agency,
                receipt.ref());
        return receipt;
    }

    /** Polls the publish job. Once it was submitted nothing is retriable any more: it may still publish. */
    private DeliveryReceipt awaitPublished(WechatClient client, String agency, String publishId, String key)
            throws DeliveryException {
        Instant deadline = clock.instant().plus(settings.publishTimeout());
        while (true) {
            WxMpFreePublishStatus status;
            try {
                status = call(Step.STATUS, agency, () -> client.status(publishId));
            } catch (DeliveryException e) {
                throw new UnconfirmedDeliveryException("文章已提交发布（publish_id " + publishId + "），但" + e.getMessage()
                        + "：需先查询确认", e);
            }
            Integer code = status.getPublish_status();
            if (code != null && code == 0) {
                pendingJobs.remove(key);
                return receipt(status);
            }
            if (code != null && code != 1) {
                pendingJobs.remove(key);
                throw new PermanentDeliveryException("publish_status=" + code, "微信发布未成功：" + reason(code)
                        + failedArticles(status) + "（publish_id " + publishId + "）");
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new UnconfirmedDeliveryException("微信在" + settings.publishTimeout().toSeconds()
                        + "秒内仍未完成发布（publish_id " + publishId + "），稍后查询确认", null);
            }
            pause(left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval(), publishId);
        }
    }

    private DeliveryReceipt withdraw(ItemEvent event) throws DeliveryException {
        WechatAccount account = account(event.agency());
        String portalUrl = event.item().portalUrl();
        if (portalUrl == null || portalUrl.isBlank()) {
            throw new PermanentDeliveryException(null, "条目缺少门户网站链接，无法在微信公众号中找到要撤回的文章");
        }
        WechatClient client = client(event.agency(), account);
        List<Match> live = find(client, event.agency(), portalUrl).stream().filter(match -> !match.deleted())
                .toList();
        if (live.isEmpty()) {
            return new DeliveryReceipt(null, null);
        }
        // Duplicates from an earlier unconfirmed attempt go too: the item must leave the channel entirely.
        for (Match match : live) {
            try {
                call(Step.DELETE, event.agency(), () -> {
                    client.delete(match.articleId());
                    return null;
                });
            } catch (PermanentDeliveryException e) {
                if (!"53600".equals(e.code())) {
                    throw e;
                }
            }
        }
        log.info("Withdrew item {} of {} from WeChat: article {}", event.itemId(), event.agency(),
                live.get(0).articleId());
        return new DeliveryReceipt(live.get(0).articleId(), null);
    }

    /** A withdrawal took effect when no live article of the item is left. */
    private Lookup lookupWithdrawal(WechatClient client, String agency, String portalUrl) throws DeliveryException {
        List<Match> matches = find(client, agency, portalUrl);
        if (matches.stream().anyMatch(match -> !match.deleted())) {
            return Lookup.notFound();
        }
        return Lookup.found(new DeliveryReceipt(matches.isEmpty() ? null : matches.get(0).articleId(), null));
    }

    private record Match(String articleId, String url, boolean deleted) {
    }

    /** The account's published articles whose 阅读原文 is the portal page, newest first. */
    private List<Match> find(WechatClient client, String agency, String portalUrl) throws DeliveryException {
        String wanted = portalUrl.strip();
        List<Match> matches = new ArrayList<>();
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            int from = offset;
            WxMpFreePublishList list = call(Step.LIST, agency, () -> client.published(from, PAGE_SIZE));
            List<WxMpFreePublishItem> items = list.getItems() == null ? List.of() : list.getItems();
            for (WxMpFreePublishItem item : items) {
                if (item.getContent() == null || item.getContent().getNewsItem() == null) {
                    continue;
                }
                for (WxMpFreePublishArticles news : item.getContent().getNewsItem()) {
                    if (news.getContentSourceUrl() != null && wanted.equals(news.getContentSourceUrl().strip())) {
                        matches.add(new Match(item.getArticleId(), news.getUrl(),
                                Boolean.TRUE.equals(news.getIsDeleted())));
                    }
                }
            }
            offset += items.size();
            int total = list.getTotalCount() == null ? 0 : list.getTotalCount();
            if (items.isEmpty() || offset >= total) {
                return matches;
            }
        }
        if (matches.isEmpty()) {
            throw new PermanentDeliveryException(null, "公众号已发布文章超过" + MAX_PAGES * PAGE_SIZE
                    + "篇，未在最近的文章中找到该条目，需人工核实");
        }
        return matches;
    }

    private String defaultCover(WechatClient client, String agency) throws DeliveryException {
        String cached = defaultCovers.get(agency);
        if (cached != null) {
            return cached;
        }
        // One upload per agency even when several deliveries start at once.
        synchronized (client) {
            cached = defaultCovers.get(agency);
            if (cached != null) {
                return cached;
            }
            WechatImages.Image cover = WechatImages.defaultCover();
            String mediaId = call(Step.COVER, agency, () -> client.uploadImageMaterial(cover.bytes(), cover.fileName()));
            defaultCovers.put(agency, mediaId);
            return mediaId;
        }
    }

    private String cover(WechatClient client, String agency, String coverUrl) throws DeliveryException {
        String cacheKey = agency + " " + coverUrl;
        String cached = covers.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        WechatImages.Image cover = images.fetch(coverUrl, "封面图片", MAX_COVER_BYTES, "jpg", "png", "gif", "bmp");
        String mediaId = call(Step.COVER, agency, () -> client.uploadImageMaterial(cover.bytes(), cover.fileName()));
        if (covers.size() >= MAX_CACHED_COVERS) {
            covers.clear();
        }
        covers.put(cacheKey, mediaId);
        return mediaId;
    }

    /**
     * WeChat drops body images that are not on its own servers: each one is fetched (relative addresses
     * resolve against the portal page, where the same HTML is shown) and uploaded, and its src replaced.
     */
    private String moveImages(WechatClient client, String agency, WechatArticle article) throws DeliveryException {
        Matcher matcher = IMG_SRC.matcher(article.content());
        Map<String, String> moved = new HashMap<>();
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String src = matcher.group(3).strip().replace("&amp;", "&");
            String replacement = src;
            if (!src.isEmpty() && !src.startsWith("data:") && !isOnWechat(src)) {
                String absolute = absolute(article.contentSourceUrl(), src);
                replacement = moved.get(absolute);
                if (replacement == null) {
                    WechatImages.Image image = images.fetch(absolute, "正文图片", MAX_BODY_IMAGE_BYTES, "jpg", "png");
                    replacement = call(Step.BODY_IMAGE, agency,
                            () -> client.uploadBodyImage(image.bytes(), image.fileName()));
                    moved.put(absolute, replacement);
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + matcher.group(2)
                    + replacement.replace("&", "&amp;") + matcher.group(2)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static boolean isOnWechat(String src) {
        try {
            String host = URI.create(src.replace(" ", "%20")).getHost();
            return host != null && (host.endsWith(".qpic.cn") || host.endsWith(".qlogo.cn"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String absolute(String base, String src) throws PermanentDeliveryException {
        try {
            return URI.create(base).resolve(src.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            throw new PermanentDeliveryException(null, "正文图片地址无效：" + src, e);
        }
    }

    @FunctionalInterface
    private interface WechatCall<T> {
        T run() throws Exception;
    }

    private <T> T call(Step step, String agency, WechatCall<T> call) throws DeliveryException {
        try {
            return call.run();
        } catch (DeliveryException e) {
            throw e;
        } catch (Exception e) {
            DeliveryException failure = failures.classify(step, agency, e);
            log.debug("WeChat call {} for {} failed: {}", step, agency, failure.getMessage(), e);
            throw failure;
        }
    }

    private WechatAccount account(String agency) throws PermanentDeliveryException {
        WechatAccount account = settings.account(agency);
        if (account == null) {
            throw new PermanentDeliveryException(null, missingAccount(agency));
        }
        String problem = configurationProblem(agency, account);
        if (problem != null) {
            throw new PermanentDeliveryException(null, problem);
        }
        return account;
    }

    private WechatClient client(String agency, WechatAccount account) {
        return clients.computeIfAbsent(agency, a -> new WechatClient(account, settings.apiHost(), apiHttp));
    }

    private static String missingAccount(String agency) {
        return "机构 " + agency + " 未配置微信公众号，请设置 " + WechatSettings.accountKey(agency, "app-id") + " 和 "
                + WechatSettings.accountKey(agency, "secret");
    }

    private static String configurationProblem(String agency, WechatAccount account) {
        if (account.appId() == null || account.appId().isBlank()) {
            return "未配置公众号AppID，请设置 " + WechatSettings.accountKey(agency, "app-id");
        }
        if (account.secret() == null || account.secret().isBlank()) {
            return "未配置公众号AppSecret，请设置 " + WechatSettings.accountKey(agency, "secret");
        }
        if (account.author() != null && WechatArticle.length(account.author().strip()) > WechatArticle.MAX_AUTHOR) {
            return "公众号文章作者不能超过" + WechatArticle.MAX_AUTHOR + "个字，请修改 "
                    + WechatSettings.accountKey(agency, "author");
        }
        return null;
    }

    private static DeliveryReceipt receipt(WxMpFreePublishStatus status) {
        String url = null;
        if (status.getArticle_detail() != null && status.getArticle_detail().getItem() != null
                && !status.getArticle_detail().getItem().isEmpty()) {
            url = status.getArticle_detail().getItem().get(0).getArticle_url();
        }
        return new DeliveryReceipt(status.getArticle_id(), url);
    }

    private static String reason(int status) {
        return switch (status) {
            case 2 -> "原创校验不通过";
            case 3 -> "发布失败";
            case 4 -> "平台审核不通过";
            case 5 -> "发布成功后已被删除";
            case 6 -> "发布成功后被系统封禁";
            default -> "未知发布状态 " + status;
        };
    }

    private static String failedArticles(WxMpFreePublishStatus status) {
        List<Integer> failed = status.getFail_idx();
        return failed == null || failed.isEmpty() ? "" : "，未通过的文章序号 " + failed;
    }

    private static String key(ItemEvent event) {
        return event.agency() + "/" + event.itemId() + "/" + event.version();
    }

    private static void pause(Duration duration, String publishId) throws UnconfirmedDeliveryException {
        try {
            TimeUnit.MILLISECONDS.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnconfirmedDeliveryException("等待微信发布结果时被中断（publish_id " + publishId + "），稍后查询确认", e);
        }
    }
}
