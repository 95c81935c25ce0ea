package cn.tongfa.connector.disclosure;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.AccountCheck;
import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;

/**
 * Delivers items to the city's disclosure column as catalogue entries ({@code docs/disclosure-api.md}).
 *
 * <p>Publish and update push the entry (the platform is idempotent on 索引号 + version, so a repeated push is
 * harmless); withdraw revokes it. Delivered means the platform answered {@code code 0} with the entry's URL.
 */
public class DisclosureConnector implements ChannelConnector {

    private static final Logger log = LoggerFactory.getLogger(DisclosureConnector.class);
    private static final String LABEL = Channels.label(Channels.DISCLOSURE);

    /** Index number read at start-up to check each agency's credentials; the platform answers 404 or 401. */
    static final String CREDENTIAL_PROBE = "tongfa-credential-check";
    /** The contract's attachment errors are 40010–40019. */
    static final int ATTACHMENT_CODES = 40010;

    private final DisclosureSettings settings;
    private final Clock clock;
    // Agencies whose app key, secret or clock the platform refused, with the reason, until the next start.
    private final Map<String, String> rejected = new ConcurrentHashMap<>();
    private volatile DisclosureClient client;

    public DisclosureConnector(DisclosureSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock the clock request timestamps are signed with */
    public DisclosureConnector(DisclosureSettings settings, Clock clock) {
        this.settings = settings == null ? new DisclosureSettings(null, null, null, null) : settings;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return Channels.DISCLOSURE;
    }

    @Override
    public void start() {
        String problem = endpointProblem();
        if (problem != null) {
            log.warn(problem);
            return;
        }
        client();
    }

    /**
     * A signed read of an index number that does not exist: 404 means the platform accepted the signature, 401 says
     * what it refused (app key, signature, clock). The host calls this for each agency at start-up, in the
     * background. An unreachable platform proves nothing, so the account is then left to the first delivery.
     */
    @Override
    public AccountCheck checkAccount(String agency) {
        String problem = accountProblem(agency);
        if (problem != null) {
            return AccountCheck.rejected(problem);
        }
        DisclosureClient.Answer answer;
        try {
            answer = client().get(settings.accounts().get(agency), CREDENTIAL_PROBE);
        } catch (DisclosureClient.CallFailure e) {
            log.warn("启动时无法连接{}核对机构 {} 的账号：{}", LABEL, agency, e.getMessage());
            return AccountCheck.unverified("无法连接" + LABEL + "：" + e.getMessage());
        }
        if (answer.ok() || answer.status() == 404) {
            return AccountCheck.ok();
        }
        if (answer.status() == 401) {
            PermanentDeliveryException refusal = (PermanentDeliveryException) refusal(answer, agency);
            reject(agency, refusal);
            return AccountCheck.rejected(refusal.getMessage());
        }
        return AccountCheck.unverified(LABEL + "未能核对账号：" + describe(answer));
    }

    private void reject(String agency, PermanentDeliveryException refusal) {
        rejected.put(agency, refusal.getMessage());
        log.warn("{}账号被拒绝：机构 {}，{}", LABEL, agency, refusal.getMessage());
    }

    @Override
    public String accountProblem(String agency) {
        String problem = endpointProblem();
        if (problem != null) {
            return problem;
        }
        String key = DisclosureSettings.PREFIX + ".accounts." + agency;
        DisclosureAccount account = settings.accounts().get(agency);
        if (account == null) {
            return "未配置" + LABEL + "账号：" + key + ".app-key 与 " + key + ".app-secret";
        }
        if (account.appKey() == null || account.appKey().isBlank()) {
            return "未配置" + LABEL + " app key：" + key + ".app-key";
        }
        if (account.appSecret() == null || account.appSecret().isBlank()) {
            return "未配置" + LABEL + " app secret：" + key + ".app-secret";
        }
        return rejected.get(agency);
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        DisclosureAccount account = account(event.agency());
        String indexNo = indexNo(event);
        return switch (event.action()) {
            case PUBLISH, UPDATE -> push(event, account);
            case WITHDRAW -> revoke(account, event.agency(), indexNo);
        };
    }

    @Override
    public Lookup lookup(ItemEvent event) {
        DisclosureAccount account;
        String indexNo;
        try {
            account = account(event.agency());
            indexNo = indexNo(event);
        } catch (PermanentDeliveryException e) {
            return Lookup.unknown(e.getMessage());
        }
        DisclosureClient.Answer answer;
        try {
            answer = client().get(account, indexNo);
        } catch (DisclosureClient.CallFailure e) {
            return Lookup.unknown("查询" + LABEL + "失败：" + e.getMessage());
        }
        if (answer.status() == 404) {
            return event.action() == ItemAction.WITHDRAW
                    ? Lookup.found(new DeliveryReceipt(indexNo, null))
                    : Lookup.notFound();
        }
        if (!answer.ok()) {
            return Lookup.unknown("查询" + LABEL + "失败：" + describe(answer));
        }
        boolean revoked = "revoked".equals(answer.text("status"));
        DeliveryReceipt receipt = new DeliveryReceipt(indexNo, answer.text("url"));
        return switch (event.action()) {
            case PUBLISH, UPDATE -> !revoked && answer.data().path("version").asInt(0) == event.version()
                    ? Lookup.found(receipt)
                    : Lookup.notFound();
            case WITHDRAW -> revoked ? Lookup.found(receipt) : Lookup.notFound();
        };
    }

    @Override
    public void close() {
        DisclosureClient current = client;
        if (current != null) {
            current.close();
        }
    }

    private DeliveryReceipt push(ItemEvent event, DisclosureAccount account) throws DeliveryException {
        DisclosureClient.Answer answer;
        try {
            answer = client().push(account, DisclosureEntry.of(event));
        } catch (DisclosureClient.CallFailure e) {
            if (e.sent()) {
                throw new UnconfirmedDeliveryException(LABEL + "未应答，条目可能已提交：" + e.getMessage(), e);
            }
            throw new RetriableDeliveryException("connect", "无法连接" + LABEL + "：" + e.getMessage(), e);
        }
        if (answer.ok()) {
            return new DeliveryReceipt(answer.text("indexNo") == null ? indexNo(event) : answer.text("indexNo"),
                    answer.text("url"));
        }
        throw refused(answer, event.agency());
    }

    private DeliveryReceipt revoke(DisclosureAccount account, String agency, String indexNo) throws DeliveryException {
        DisclosureClient.Answer answer;
        try {
            answer = client().revoke(account, indexNo);
        } catch (DisclosureClient.CallFailure e) {
            // Revoking twice is harmless, so a doubtful revoke is simply tried again.
            throw new RetriableDeliveryException("connect", "撤销" + LABEL + "条目时未得到应答：" + e.getMessage(), e);
        }
        if (answer.ok()) {
            return new DeliveryReceipt(indexNo, answer.text("url"));
        }
        if (answer.status() == 404) {
            return new DeliveryReceipt(indexNo, null);
        }
        throw refused(answer, agency);
    }

    // A refused credential (or clock) fails every later item of the agency too: the account is flagged, which
    // alerts operators and stops further calls, instead of each item failing on its own.
    private DeliveryException refused(DisclosureClient.Answer answer, String agency) {
        DeliveryException refusal = refusal(answer, agency);
        if (answer.status() == 401 && refusal instanceof PermanentDeliveryException permanent) {
            reject(agency, permanent);
        }
        return refusal;
    }

    private DeliveryException refusal(DisclosureClient.Answer answer, String agency) {
        String code = answer.code() > 0 ? Integer.toString(answer.code()) : Integer.toString(answer.status());
        if (answer.status() == 429 || answer.status() >= 500) {
            return new RetriableDeliveryException(code, LABEL + "暂时不可用：" + describe(answer), null);
        }
        if (answer.status() == 401 && agency != null) {
            return new PermanentDeliveryException(code, LABEL + "拒绝了认证：" + describe(answer) + "。请核对 "
                    + DisclosureSettings.PREFIX + ".accounts." + agency + ".app-key / app-secret 及服务器时钟");
        }
        if (answer.status() == 400 && answer.code() >= ATTACHMENT_CODES && answer.code() < ATTACHMENT_CODES + 10) {
            // The hub checks attachments before publication; the platform's rules are the contract's, not ours to
            // retry past: the editor replaces or removes the attachment.
            return new PermanentDeliveryException(code, LABEL + "拒绝了该条目的附件：" + describe(answer)
                    + "。请更换或删除该附件后重新发布");
        }
        return new PermanentDeliveryException(code, LABEL + "拒绝了该条目：" + describe(answer));
    }

    private DisclosureAccount account(String agency) throws PermanentDeliveryException {
        String problem = accountProblem(agency);
        if (problem != null) {
            throw new PermanentDeliveryException("config", problem);
        }
        return settings.accounts().get(agency);
    }

    private static String indexNo(ItemEvent event) throws PermanentDeliveryException {
        String indexNo = event.item().indexNo();
        if (indexNo == null || indexNo.isBlank()) {
            throw new PermanentDeliveryException("no-index-no", "该信息没有索引号，无法报送" + LABEL);
        }
        return indexNo;
    }

    private String endpointProblem() {
        String endpoint = settings.endpoint();
        if (endpoint == null || endpoint.isBlank()) {
            return "未配置" + LABEL + "接口地址：" + DisclosureSettings.PREFIX + ".endpoint";
        }
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            return LABEL + "接口地址应以 http:// 或 https:// 开头：" + DisclosureSettings.PREFIX + ".endpoint=" + endpoint;
        }
        return null;
    }

    // Built on first use so that a connector with a bad endpoint still answers accountProblem().
    private DisclosureClient client() {
        DisclosureClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = new DisclosureClient(settings.endpoint(), settings.connectTimeout(),
                            settings.readTimeout(), clock);
                    client = current;
                }
            }
        }
        return current;
    }

    private static String describe(DisclosureClient.Answer answer) {
        return answer.message() == null || answer.message().isBlank() ? "HTTP " + answer.status() : answer.message();
    }
}
