package cn.tongfa.connector.wechat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import me.chanjar.weixin.common.util.XmlUtils;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

/**
 * Checks and reads the messages WeChat pushes to an account's server URL (服务器配置), for the one event the
 * hub needs: {@code PUBLISHJOBFINISH}, which tells that a publish job finished.
 *
 * <p>Every request carries {@code signature} = SHA-1 of the sorted (Token, timestamp, nonce). In safe mode
 * ({@code encrypt_type=aes}) the body holds only {@code Encrypt}, signed by {@code msg_signature} = SHA-1 of the
 * sorted (Token, timestamp, nonce, Encrypt) and encrypted with the EncodingAESKey for the account's AppID; only
 * then is the content authenticated. An account configured with an {@code aes-key} takes safe-mode messages only:
 * a plain one is refused, since anyone who saw one signed request could attach any body to its signature.
 *
 * <p>Stateless and thread-safe. Messages name neither the Token nor the key.
 */
public final class WechatCallbacks {

    /** The event that ends a publish job. */
    public static final String PUBLISH_JOB_FINISH = "PUBLISHJOBFINISH";

    /** The query parameters WeChat adds to each pushed request. */
    public record Request(String signature, String timestamp, String nonce, String encryptType, String msgSignature) {

        boolean encrypted() {
            return "aes".equalsIgnoreCase(encryptType);
        }
    }

    private final WechatSettings settings;

    public WechatCallbacks(WechatSettings settings) {
        this.settings = settings;
    }

    /** True when the agency has a WeChat account configured (callbacks or not). */
    public boolean knows(String agency) {
        return agency != null && settings.account(agency) != null;
    }

    /**
     * What is wrong with an agency's callback settings, naming the key, or null when they are usable or absent
     * (no {@code token}: the account is confirmed by polling only).
     */
    public static String configurationProblem(String agency, WechatAccount account) {
        boolean token = account.token() != null && !account.token().isBlank();
        boolean aes = account.aesKey() != null && !account.aesKey().isBlank();
        if (aes && !token) {
            return "已配置消息加解密密钥但缺少令牌，请设置 " + WechatSettings.accountKey(agency, "token");
        }
        if (token && !account.token().strip().matches("[A-Za-z0-9]{3,32}")) {
            return "令牌(Token)须为3至32位英文或数字，请检查 " + WechatSettings.accountKey(agency, "token");
        }
        if (aes && WechatMessageCrypto.aesKey(account.aesKey()) == null) {
            return "消息加解密密钥(EncodingAESKey)须为" + WechatMessageCrypto.AES_KEY_CHARS + "位字母或数字，请检查 "
                    + WechatSettings.accountKey(agency, "aes-key");
        }
        return null;
    }

    /**
     * The URL check WeChat makes when the server URL is saved (GET with {@code echostr}).
     *
     * @return the {@code echostr} to answer
     */
    public String verifyUrl(String agency, Request request, String echostr) throws WechatCallbackRejected {
        WechatAccount account = configured(agency);
        checkSignature(agency, account, request);
        if (echostr == null || echostr.isEmpty()) {
            throw new WechatCallbackRejected("缺少 echostr");
        }
        return echostr;
    }

    /**
     * Checks and reads one pushed message.
     *
     * @return the publish job's outcome, or empty for any other message (which the hub does not use)
     * @throws WechatCallbackRejected when the message did not come from WeChat with this account's keys
     */
    public Optional<PublishJobFinished> receive(String agency, Request request, String body)
            throws WechatCallbackRejected {
        WechatAccount account = configured(agency);
        checkSignature(agency, account, request);
        byte[] aesKey = WechatMessageCrypto.aesKey(account.aesKey());
        String xml;
        if (request.encrypted()) {
            if (aesKey == null) {
                throw new WechatCallbackRejected("收到安全模式的加密消息，但未配置 "
                        + WechatSettings.accountKey(agency, "aes-key"));
            }
            String encrypted = text(fields(body).get("Encrypt"));
            if (encrypted == null || encrypted.isBlank()) {
                throw new WechatCallbackRejected("加密消息缺少 Encrypt");
            }
            if (!WechatMessageCrypto.signed(request.msgSignature(), account.token().strip(), request.timestamp(),
                    request.nonce(), encrypted)) {
                throw new WechatCallbackRejected("消息签名(msg_signature)不正确");
            }
            xml = WechatMessageCrypto.decrypt(aesKey, account.appId().strip(), encrypted);
        } else {
            if (aesKey != null) {
                throw new WechatCallbackRejected("该公众号配置为安全模式，不接受明文消息");
            }
            xml = body;
        }
        WxMpXmlMessage message;
        try {
            message = WxMpXmlMessage.fromXml(xml);
        } catch (RuntimeException e) {
            throw new WechatCallbackRejected("消息不是合法的XML", e);
        }
        if (!"event".equalsIgnoreCase(message.getMsgType()) || !PUBLISH_JOB_FINISH.equals(message.getEvent())) {
            return Optional.empty();
        }
        // WxJava has no typed field for PublishEventInfo: read it from the message's map of all fields.
        Map<String, Object> info = map(message.getAllFieldsMap() == null ? null
                : message.getAllFieldsMap().get("PublishEventInfo"));
        String publishId = text(info.get("publish_id"));
        Integer status = number(info.get("publish_status"));
        if (publishId == null || publishId.isBlank() || status == null) {
            throw new WechatCallbackRejected("PUBLISHJOBFINISH 事件缺少 publish_id 或 publish_status");
        }
        List<String> urls = new ArrayList<>();
        for (Object item : list(map(info.get("article_detail")).get("item"))) {
            String url = text(map(item).get("article_url"));
            if (url != null && !url.isBlank()) {
                urls.add(url.strip());
            }
        }
        List<Integer> failIdx = new ArrayList<>();
        for (Object idx : list(info.get("fail_idx"))) {
            Integer value = number(idx);
            if (value != null) {
                failIdx.add(value);
            }
        }
        String articleId = text(info.get("article_id"));
        return Optional.of(new PublishJobFinished(agency, publishId.strip(), status,
                articleId == null || articleId.isBlank() ? null : articleId.strip(), urls, failIdx,
                request.encrypted()));
    }

    private WechatAccount configured(String agency) throws WechatCallbackRejected {
        WechatAccount account = agency == null ? null : settings.account(agency);
        if (account == null || account.appId() == null || account.appId().isBlank()) {
            throw new WechatCallbackRejected("机构 " + agency + " 未配置微信公众号");
        }
        if (account.token() == null || account.token().isBlank()) {
            throw new WechatCallbackRejected("机构 " + agency + " 未配置消息回调令牌 "
                    + WechatSettings.accountKey(agency, "token"));
        }
        String problem = configurationProblem(agency, account);
        if (problem != null) {
            throw new WechatCallbackRejected(problem);
        }
        return account;
    }

    private static void checkSignature(String agency, WechatAccount account, Request request)
            throws WechatCallbackRejected {
        if (!WechatMessageCrypto.signed(request.signature(), account.token().strip(), request.timestamp(),
                request.nonce())) {
            throw new WechatCallbackRejected("签名(signature)不正确，消息未被处理（机构 " + agency + "）");
        }
    }

    private static Map<String, Object> fields(String xml) throws WechatCallbackRejected {
        try {
            return XmlUtils.xml2Map(xml == null ? "" : xml);
        } catch (RuntimeException e) {
            throw new WechatCallbackRejected("消息不是合法的XML", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** WxJava's map holds a repeated element as a list, a single one as itself. */
    private static Collection<?> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof Collection<?> many ? many : List.of(value);
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }

    private static Integer number(Object value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
