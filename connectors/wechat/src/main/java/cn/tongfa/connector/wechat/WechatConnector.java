package cn.tongfa.connector.wechat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.AccountCheck;
import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryProgress;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.MediaDownload;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.PostLinks;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import cn.tongfa.connector.api.UpdatePolicy;
import cn.tongfa.connector.wechat.WechatFailures.Step;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishItem;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishList;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import okhttp3.OkHttpClient;

/**
 * Publishes items as articles on each agency's WeChat official account through WeChat's publishing API
 * (发布能力): cover image as permanent material, a draft, a publish job, then waiting until WeChat reports the
 * job finished — by the {@code PUBLISHJOBFINISH} event it pushes ({@link #publishJobFinished}, when the hub
 * receives callbacks for the account), or else by polling {@code freepublish/get}. "Delivered" means the job
 * finished with an article id and URL.
 *
 * <p>Published articles cannot be edited on WeChat, so {@link ItemAction#UPDATE} follows the account's
 * {@link UpdatePolicy}: under {@code MANUAL} it fails for a person to handle; under {@code DELETE_AND_REPUBLISH}
 * the older versions' articles are deleted and the new version is published with a 阅读原文 link naming its
 * version ({@link PostLinks}). {@link ItemAction#WITHDRAW} deletes every article of the item.
 * {@link #lookup(ItemEvent)} searches the account's published articles for the one whose 阅读原文 link is the
 * event's ({@link PostLinks#of}), so the new version's article, and only it, settles an update. A job still under
 * review is not listed there yet: the publish_id is therefore recorded with the delivery
 * ({@link DeliveryProgress}) before the wait, and a look-up after a crash asks for that job instead. When only the
 * draft was recorded (the answer to {@code freepublish/submit} was lost), the look-up keeps searching for the
 * article for a publish timeout before it answers "not found" ({@link #lookup(ItemEvent, Map)}).
 *
 * <p>The cover and the body images come from the hub's media library only, fitted to WeChat's limits
 * ({@link WechatImages}); every upload is recorded with the delivery and reused when it is redone, and the
 * attachments are listed by name for 阅读原文 ({@code docs/wechat-media.md}).
 *
 * <p>Thread-safe: deliveries of different items run concurrently.
 */
public class WechatConnector implements ChannelConnector {

    private static final Logger log = LoggerFactory.getLogger(WechatConnector.class);

    /** Progress names (see {@link DeliveryProgress}): the draft submitted, and its publish job. */
    static final String MEDIA_ID = "media_id";
    static final String PUBLISH_ID = "publish_id";

    private static final int PAGE_SIZE = 20;
    /** Look-ups give up (answering "unknown") after this many pages: 2,000 articles. */
    private static final int MAX_PAGES = 100;
    /** Progress names of uploads, followed by the file's key ({@link #fileKey}): cover media_id, body image URL. */
    static final String COVER = "cover:";
    static final String BODY_IMAGE = "image:";

    private static final int MAX_CACHED_UPLOADS = 1000;
    private static final Pattern IMG_TAG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMG_SRC = Pattern.compile("(\\bsrc\\s*=\\s*)([\"'])(.*?)\\2",
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
    /**
     * Per agency and file (its sha256): the cover's media_id and the body images' URLs, so that re-publications
     * do not pile up material. A redone delivery finds its own uploads in its recorded progress, also in another
     * process; this cache spares the uploads across items.
     */
    private final Map<String, String> covers = new ConcurrentHashMap<>();
    private final Map<String, String> bodyImages = new ConcurrentHashMap<>();
    /** Publish jobs a delivery stopped waiting for, by delivery key: a look-up asks WeChat about them first. */
    private final Map<String, String> pendingJobs = new ConcurrentHashMap<>();
    /** Publish jobs' ends pushed by WeChat, for the deliveries waiting on them. */
    private final PublishJobs jobs = new PublishJobs();

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
        this.images = new WechatImages(new MediaDownload(settings.requestTimeout()));
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
            String callback = WechatCallbacks.configurationProblem(agency, account);
            if (callback != null) {
                // Publishing still works: jobs are confirmed by polling, only the callback is refused.
                log.warn("WeChat callbacks of agency {} are refused: {}", agency, callback);
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

    /** Obtains an access token with the agency's AppID and AppSecret: WeChat's own check of both. */
    @Override
    public AccountCheck checkAccount(String agency) {
        WechatAccount account = settings.account(agency);
        if (account == null) {
            return AccountCheck.rejected(missingAccount(agency));
        }
        String problem = configurationProblem(agency, account);
        if (problem != null) {
            return AccountCheck.rejected(problem);
        }
        WechatClient client = client(agency, account);
        try {
            call(Step.TOKEN, agency, () -> {
                client.token();
                return null;
            });
            return AccountCheck.ok();
        } catch (PermanentDeliveryException e) {
            problems.put(agency, e.getMessage());
            log.warn("WeChat account of agency {} refused at start-up: {}", agency, e.getMessage());
            return AccountCheck.rejected(e.getMessage());
        } catch (DeliveryException e) {
            return AccountCheck.unverified(e.getMessage());
        }
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        return deliver(event, DeliveryProgress.NONE);
    }

    /**
     * {@inheritDoc} Records the draft's {@value #MEDIA_ID} and, once {@code freepublish/submit} accepted it, the
     * job's {@value #PUBLISH_ID} before waiting for the job: a job under review is not listed by
     * {@code freepublish/batchget}, so after a crash only its publish_id can tell that the article is coming.
     * The draft is recorded before the submission, and nothing is submitted when it cannot be (retriable): its
     * note is what makes a look-up wait for a job whose publish_id was lost.
     */
    @Override
    public DeliveryReceipt deliver(ItemEvent event, DeliveryProgress progress) throws DeliveryException {
        try {
            DeliveryReceipt receipt = switch (event.action()) {
                case PUBLISH -> publish(event, progress);
                case UPDATE -> update(event, progress);
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
        return lookup(event, Map.of());
    }

    /**
     * {@inheritDoc} A publish job recorded by the attempt (or still known to this process) is asked about with
     * {@code freepublish/get}, waiting for it up to the publish timeout: finished is {@link Lookup.Found}, failed
     * (review rejected, blocked…) is {@link Lookup.Failed}, still publishing or unanswerable is
     * {@link Lookup.Unknown} for a person — never {@link Lookup.NotFound}, which would post the article twice.
     * Without a job the account's published articles are searched for the event's 阅读原文 link
     * ({@code freepublish/batchget}, which lists only finished jobs).
     *
     * <p>A recorded draft ({@value #MEDIA_ID}) without a job means the attempt got as far as
     * {@code freepublish/submit} and may have been accepted unseen (the answer lost, or the process died before it
     * recorded the publish_id). Such a job is not listed while it publishes, so one empty search proves nothing:
     * the search is repeated every poll interval, or at once when WeChat pushes the end of any job of the account
     * ({@code PUBLISHJOBFINISH}), until the publish timeout has passed since the look-up began — and so, since the
     * look-up comes after the submission, since the submission too. Found is {@link Lookup.Found}; still absent
     * then is {@link Lookup.NotFound}, on the same assumption the delivery itself makes by waiting that long:
     * that WeChat finishes a job within the publish timeout. A job still under review after it would be posted a
     * second time; a job that failed review is never listed, and the new attempt fails review the same way.
     * Without a recorded draft nothing was submitted (a draft alone publishes nothing): one search answers.
     */
    @Override
    public Lookup lookup(ItemEvent event, Map<String, String> progress) {
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
            String recorded = progress == null ? null : progress.get(PUBLISH_ID);
            String publishId = recorded != null && !recorded.isBlank() ? recorded : pendingJobs.get(key(event));
            if (publishId != null) {
                return lookupJob(client, event, publishId);
            }
            String draft = progress == null ? null : progress.get(MEDIA_ID);
            if (draft != null && !draft.isBlank()) {
                return awaitListed(client, event, portalUrl, draft);
            }
            return listed(client, event.agency(), portalUrl, PostLinks.of(event)).<Lookup>map(Lookup::found)
                    .orElseGet(Lookup::notFound);
        } catch (DeliveryException e) {
            return Lookup.unknown("查询微信公众号已发布文章失败：" + e.getMessage());
        }
    }

    /** Waits for a job an earlier attempt submitted, as that attempt would have. */
    private Lookup lookupJob(WechatClient client, ItemEvent event, String publishId) {
        try {
            return Lookup.found(awaitPublished(client, event.agency(), publishId, key(event)));
        } catch (PermanentDeliveryException e) {
            return Lookup.failed(e.code(), e.getMessage());
        } catch (DeliveryException e) {
            return Lookup.unknown(e.getMessage() + "（微信仍在发布或无法查询，需人工核实，切勿直接重发）");
        }
    }

    /**
     * Searches for the article of a draft that may have been submitted unseen, until the publish timeout has
     * passed; the last search starts after it, so "not found" means absent a publish timeout after the look-up
     * began. A pushed job end of the agency cuts the wait short: it may be this job's, whose publish_id is unknown.
     */
    private Lookup awaitListed(WechatClient client, ItemEvent event, String portalUrl, String draft)
            throws DeliveryException {
        String agency = event.agency();
        String link = PostLinks.of(event);
        Instant deadline = clock.instant().plus(settings.publishTimeout());
        while (true) {
            long mark = jobs.mark(agency);
            boolean last = !clock.instant().isBefore(deadline);
            Optional<DeliveryReceipt> found = listed(client, agency, portalUrl, link);
            if (found.isPresent()) {
                return Lookup.found(found.get());
            }
            if (last) {
                log.info("WeChat lists no article of item {} v{} of {} a publish timeout ({}) after the look-up "
                        + "began: draft {} was not published", event.itemId(), event.version(), agency,
                        settings.publishTimeout(), draft);
                return Lookup.notFound();
            }
            Duration left = Duration.between(clock.instant(), deadline);
            Duration wait = left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval();
            try {
                jobs.awaitAny(agency, mark, wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Lookup.unknown("等待微信发布结果时被中断（草稿 media_id " + draft
                        + " 可能已提交发布），需人工核实，切勿直接重发");
            }
        }
    }

    @Override
    public void close() {
        plainHttp.dispatcher().executorService().shutdown();
        plainHttp.connectionPool().evictAll();
    }

    private DeliveryReceipt publish(ItemEvent event, DeliveryProgress progress) throws DeliveryException {
        WechatAccount account = account(event.agency());
        WechatArticle article = WechatArticle.of(event.item(), account.author())
                .withContentSourceUrl(PostLinks.of(event));
        String agency = event.agency();
        WechatClient client = client(agency, account);
        call(Step.TOKEN, agency, () -> {
            client.token();
            return null;
        });
        ItemSnapshot.Media cover = event.item().cover();
        String thumb = cover == null ? defaultCover(client, agency) : cover(client, agency, cover, progress, false);
        WechatArticle adapted = article.withContent(moveImages(client, agency, event.item(), article, progress));
        String draft;
        try {
            draft = call(Step.DRAFT, agency, () -> client.addDraft(adapted, thumb));
        } catch (PermanentDeliveryException e) {
            if (!"40007".equals(e.code())) {
                throw e;
            }
            // The cover material is gone (deleted in the WeChat back office): upload it again, once.
            defaultCovers.remove(agency, thumb);
            String fresh = cover == null ? defaultCover(client, agency) : cover(client, agency, cover, progress, true);
            draft = call(Step.DRAFT, agency, () -> client.addDraft(adapted, fresh));
        }
        String media = draft;
        noteDraft(progress, media);
        String publishId = call(Step.SUBMIT, agency, () -> client.submit(media));
        pendingJobs.put(key(event), publishId);
        noteJob(progress, publishId);
        DeliveryReceipt receipt = awaitPublished(client, agency, publishId, key(event));
        log.info("Published item {} v{} of {} on WeChat as article {}", event.itemId(), event.version(), agency,
                receipt.ref());
        return receipt;
    }

    /**
     * Waits for the publish job to finish: polls {@code freepublish/get} every poll interval, and between polls
     * waits for WeChat's {@code PUBLISHJOBFINISH} callback, which ends the wait at once. An authenticated
     * (safe-mode) callback is the outcome; a plain-mode one only makes the next poll happen now. Once the job was
     * submitted nothing is retriable any more: it may still publish.
     */
    private DeliveryReceipt awaitPublished(WechatClient client, String agency, String publishId, String key)
            throws DeliveryException {
        Instant deadline = clock.instant().plus(settings.publishTimeout());
        try {
            while (true) {
                WxMpFreePublishStatus status;
                try {
                    status = call(Step.STATUS, agency, () -> client.status(publishId));
                } catch (DeliveryException e) {
                    throw new UnconfirmedDeliveryException("文章已提交发布（publish_id " + publishId + "），但"
                            + e.getMessage() + "：需先查询确认", e);
                }
                Integer code = status.getPublish_status();
                if (code != null && code == 0) {
                    pendingJobs.remove(key);
                    return receipt(status);
                }
                if (code != null && code != 1) {
                    pendingJobs.remove(key);
                    throw failed(code, status.getFail_idx(), publishId);
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    throw new UnconfirmedDeliveryException("微信在" + settings.publishTimeout().toSeconds()
                            + "秒内仍未完成发布（publish_id " + publishId + "），稍后查询确认", null);
                }
                PublishJobFinished pushed = awaitCallback(agency, publishId,
                        left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval());
                if (pushed != null && pushed.authenticated()) {
                    if (pushed.publishStatus() == 0 && pushed.articleId() != null) {
                        pendingJobs.remove(key);
                        return new DeliveryReceipt(pushed.articleId(),
                                pushed.articleUrls().isEmpty() ? null : pushed.articleUrls().get(0));
                    }
                    if (pushed.publishStatus() > 1) {
                        pendingJobs.remove(key);
                        throw failed(pushed.publishStatus(), pushed.failIdx(), publishId);
                    }
                }
            }
        } finally {
            jobs.forget(agency, publishId);
        }
    }

    /**
     * Takes WeChat's {@code PUBLISHJOBFINISH} event (checked by {@link WechatCallbacks}): a delivery waiting for
     * that job stops waiting. Safe to call any number of times for the same event, and for jobs this process
     * does not wait for.
     */
    public void publishJobFinished(PublishJobFinished event) {
        log.debug("WeChat pushed the end of publish job {} of {}: status {}", event.publishId(), event.agency(),
                event.publishStatus());
        jobs.arrived(event);
    }

    private PublishJobFinished awaitCallback(String agency, String publishId, Duration max)
            throws UnconfirmedDeliveryException {
        try {
            return jobs.await(agency, publishId, max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnconfirmedDeliveryException("等待微信发布结果时被中断（publish_id " + publishId + "），稍后查询确认", e);
        }
    }

    private static PermanentDeliveryException failed(int code, List<Integer> failIdx, String publishId) {
        String failed = failIdx == null || failIdx.isEmpty() ? "" : "，未通过的文章序号 " + failIdx;
        return new PermanentDeliveryException("publish_status=" + code, "微信发布未成功：" + reason(code) + failed
                + "（publish_id " + publishId + "）");
    }

    /**
     * Replaces the item's article by its new version, safely repeatable: articles of older versions are deleted
     * (a delete that finds the article gone is fine), then the new version is published unless its own article
     * (recognised by its 阅读原文 link) is already there. A newer version's article is never touched.
     */
    private DeliveryReceipt update(ItemEvent event, DeliveryProgress progress) throws DeliveryException {
        WechatAccount account = account(event.agency());
        if (account.updatePolicy() != UpdatePolicy.DELETE_AND_REPUBLISH) {
            throw new PermanentDeliveryException("update-manual", "需人工处理：微信公众号已发布的文章不能修改，本机构的更新策略为"
                    + "人工处理。请在公众号后台删除原文后重新发布，或发布更正说明；如需系统自动删除原文并重新发布，请将 "
                    + WechatSettings.accountKey(event.agency(), "update-policy") + " 设为 DELETE_AND_REPUBLISH（条目 "
                    + event.itemId() + "，第" + event.version() + "版）");
        }
        String portalUrl = event.item().portalUrl();
        if (portalUrl == null || portalUrl.isBlank()) {
            throw new PermanentDeliveryException(null, "条目缺少门户网站链接，无法在微信公众号中找到要替换的文章");
        }
        String agency = event.agency();
        WechatClient client = client(agency, account);
        String link = PostLinks.of(event);
        List<Match> live = find(client, agency, portalUrl).stream().filter(match -> !match.deleted()).toList();
        int newest = live.stream().mapToInt(match -> PostLinks.version(match.link(), portalUrl)).max()
                .orElse(PostLinks.NOT_THIS_ITEM);
        if (newest > event.version()) {
            throw new PermanentDeliveryException("superseded", "微信公众号上已是本条目第" + newest + "版的文章，第"
                    + event.version() + "版不再发布，以免旧内容替换新内容");
        }
        // The newest article of this very version stays; older versions go, and so would a duplicate of it.
        Match current = live.stream().filter(match -> match.link().equals(link)).findFirst().orElse(null);
        for (Match match : live) {
            if (match == current) {
                continue;
            }
            try {
                call(Step.DELETE, agency, () -> {
                    client.delete(match.articleId());
                    return null;
                });
            } catch (PermanentDeliveryException e) {
                if (!"53600".equals(e.code())) {
                    throw e;
                }
            }
            log.info("Deleted article {} of item {} on WeChat to republish it as version {}", match.articleId(),
                    event.itemId(), event.version());
        }
        if (current != null) {
            return new DeliveryReceipt(current.articleId(), current.url());
        }
        return publish(event, progress);
    }

    /**
     * Records the draft before it is submitted. The note is what makes a later look-up wait for a job whose
     * submission went unanswered, so without it nothing is submitted: a draft alone publishes nothing, and the
     * retry makes a new one.
     */
    private static void noteDraft(DeliveryProgress progress, String media) throws RetriableDeliveryException {
        try {
            progress.record(MEDIA_ID, media);
        } catch (RuntimeException e) {
            throw new RetriableDeliveryException(null, "草稿已保存，但发布进度未能保存，未提交发布（草稿 media_id " + media
                    + " 留在草稿箱中）：稍后重试", e);
        }
    }

    /** Records a submitted job: one that could not be recorded leaves the delivery in doubt. */
    private static void noteJob(DeliveryProgress progress, String publishId) throws UnconfirmedDeliveryException {
        try {
            progress.record(PUBLISH_ID, publishId);
        } catch (RuntimeException e) {
            throw new UnconfirmedDeliveryException("文章已提交发布（publish_id " + publishId
                    + "），但发布进度未能保存：需先查询确认", e);
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

    /** One article of the item: its id, public URL, 阅读原文 link (which tells its version) and deletion mark. */
    private record Match(String articleId, String url, String link, boolean deleted) {
    }

    /** The live article whose 阅读原文 is exactly {@code link}, among those the account lists. */
    private Optional<DeliveryReceipt> listed(WechatClient client, String agency, String portalUrl, String link)
            throws DeliveryException {
        return find(client, agency, portalUrl).stream()
                .filter(match -> !match.deleted() && match.link().equals(link)).findFirst()
                .map(match -> new DeliveryReceipt(match.articleId(), match.url()));
    }

    /** The account's published articles whose 阅读原文 is the item's portal page, of any version, newest first. */
    private List<Match> find(WechatClient client, String agency, String portalUrl) throws DeliveryException {
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
                    String link = news.getContentSourceUrl();
                    if (PostLinks.version(link, portalUrl) != PostLinks.NOT_THIS_ITEM) {
                        matches.add(new Match(item.getArticleId(), news.getUrl(), link.strip(),
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

    /**
     * The cover's media_id: the one an earlier attempt of this delivery uploaded (its progress), else one this
     * process uploaded for the same file of the agency, else a new upload, recorded. {@code fresh} skips both
     * after WeChat said the media_id is no more.
     */
    private String cover(WechatClient client, String agency, ItemSnapshot.Media cover, DeliveryProgress progress,
            boolean fresh) throws DeliveryException {
        String file = fileKey(cover);
        String cacheKey = agency + " " + file;
        if (!fresh) {
            String known = firstNonNull(progress.recalled(COVER + file), covers.get(cacheKey));
            if (known != null) {
                return known;
            }
        }
        WechatImages.Image image = images.cover(cover);
        String mediaId = call(Step.COVER, agency, () -> client.uploadImageMaterial(image.bytes(), image.fileName()));
        remember(covers, cacheKey, mediaId);
        note(progress, COVER + file, mediaId);
        return mediaId;
    }

    /**
     * WeChat keeps only images on its own servers in an article: each body image of the item (one of
     * {@link ItemSnapshot#images()}) is uploaded once ({@code media/uploadimg}) and its src replaced by the URL
     * WeChat answers. Any other {@code <img>} is dropped, never fetched: the hub imported every image an editor
     * meant when the item was saved, so what is left is nothing the connector may read.
     */
    private String moveImages(WechatClient client, String agency, ItemSnapshot item, WechatArticle article,
            DeliveryProgress progress) throws DeliveryException {
        Matcher tags = IMG_TAG.matcher(article.content());
        StringBuilder out = new StringBuilder();
        int dropped = 0;
        while (tags.find()) {
            String tag = tags.group();
            Matcher src = IMG_SRC.matcher(tag);
            ItemSnapshot.Media image = src.find() ? item.image(src.group(3).replace("&amp;", "&")) : null;
            String replacement;
            if (image == null) {
                dropped++;
                replacement = "";
            } else {
                String url = bodyImage(client, agency, image, progress);
                replacement = tag.substring(0, src.start()) + src.group(1) + src.group(2)
                        + url.replace("&", "&amp;") + src.group(2) + tag.substring(src.end());
            }
            tags.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        tags.appendTail(out);
        if (dropped > 0) {
            log.warn("WeChat article of {} leaves out {} body image(s) that are not in the hub's media library",
                    article.contentSourceUrl(), dropped);
        }
        return out.toString();
    }

    private String bodyImage(WechatClient client, String agency, ItemSnapshot.Media image, DeliveryProgress progress)
            throws DeliveryException {
        String file = fileKey(image);
        String cacheKey = agency + " " + file;
        String known = firstNonNull(progress.recalled(BODY_IMAGE + file), bodyImages.get(cacheKey));
        if (known != null) {
            return known;
        }
        WechatImages.Image fitted = images.bodyImage(image);
        String url = call(Step.BODY_IMAGE, agency, () -> client.uploadBodyImage(fitted.bytes(), fitted.fileName()));
        remember(bodyImages, cacheKey, url);
        note(progress, BODY_IMAGE + file, url);
        return url;
    }

    /** A file by its content: the same bytes are the same material, whatever their media id or name. */
    static String fileKey(ItemSnapshot.Media media) {
        return media.sha256() != null && !media.sha256().isBlank() ? media.sha256() : "id-" + media.id();
    }

    /**
     * Records an upload. One that cannot be recorded costs only a second upload if the delivery is redone, so the
     * delivery goes on.
     */
    private static void note(DeliveryProgress progress, String name, String value) {
        try {
            progress.record(name, value);
        } catch (RuntimeException e) {
            log.warn("WeChat upload {} could not be recorded with the delivery; a redo uploads it again: {}", name,
                    e.toString());
        }
    }

    private static void remember(Map<String, String> cache, String key, String value) {
        if (cache.size() >= MAX_CACHED_UPLOADS) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
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

    private static String key(ItemEvent event) {
        return event.agency() + "/" + event.itemId() + "/" + event.version();
    }
}
