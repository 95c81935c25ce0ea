package cn.tongfa.connector.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import cn.tongfa.sandbox.wechat.WechatPushCrypto;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * The callback checks against messages signed and encrypted by the sandbox's own implementation of WeChat's
 * scheme (JDK only), and against WxJava's, so that neither side merely agrees with itself.
 */
class WechatCallbacksTest {

    private static final String TOKEN = "tongfaCallbackToken2026";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String OTHER_AES_KEY = "GFEDCBA9876543210zyxwvutsrqponmlkjihgfedcba";
    private static final String TIMESTAMP = "1794710400";
    private static final String NONCE = "1029384756";

    private final WechatCallbacks callbacks = new WechatCallbacks(new WechatSettings(null, Map.of(
            "plain", new WechatAccount("wx-plain", "s1", null, TOKEN, null, null),
            "safe", new WechatAccount("wx-safe", "s2", null, TOKEN, AES_KEY, null),
            "polling", WechatAccount.polling("wx-polling", "s3", null)), null, null, null));

    @Test
    void urlVerificationEchoesOnlyWithTheRightSignature() throws Exception {
        String signature = WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE);

        assertThat(callbacks.verifyUrl("plain", plain(signature), "echo-8271")).isEqualTo("echo-8271");
        assertThat(callbacks.verifyUrl("safe", plain(signature), "echo-8271")).isEqualTo("echo-8271");
        assertThatThrownBy(() -> callbacks.verifyUrl("plain", plain(WechatPushCrypto.signature("otherToken",
                TIMESTAMP, NONCE)), "echo-8271")).isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("签名");
        assertThatThrownBy(() -> callbacks.verifyUrl("plain", plain(null), "echo-8271"))
                .isInstanceOf(WechatCallbackRejected.class);
        assertThatThrownBy(() -> callbacks.verifyUrl("polling", plain(signature), "echo-8271"))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("tongfa.connectors.wechat.accounts.polling.token");
    }

    @Test
    void plainModeEventIsReadButNotAuthenticated() throws Exception {
        Optional<PublishJobFinished> event = callbacks.receive("plain",
                plain(WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE)), published("2247483901", "A77_x", 2));

        assertThat(event).contains(new PublishJobFinished("plain", "2247483901", 0, "A77_x",
                List.of("https://mp.weixin.qq.com/s/A77_x", "https://mp.weixin.qq.com/s/A77_x?idx=2"), List.of(),
                false));
    }

    @Test
    void plainModeWithAWrongSignatureIsRejected() {
        String tamperedTimestamp = String.valueOf(Long.parseLong(TIMESTAMP) + 1);
        WechatCallbacks.Request request = new WechatCallbacks.Request(
                WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE), tamperedTimestamp, NONCE, null, null);

        assertThatThrownBy(() -> callbacks.receive("plain", request, published("2247483901", "A77_x", 1)))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("签名(signature)不正确")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void safeModeEventIsDecryptedAndAuthenticated() throws Exception {
        Optional<PublishJobFinished> event = receiveSafe("safe", failed("2247483902", 1, 3),
                "wx-safe", AES_KEY, TOKEN);

        assertThat(event).contains(new PublishJobFinished("safe", "2247483902", 4, null, List.of(), List.of(1, 3),
                true));
    }

    @Test
    void safeModeWithAWrongMessageSignatureIsRejected() {
        String cipher = WechatPushCrypto.encrypt(AES_KEY, "wx-safe", published("2247483903", "A1", 1));
        WechatCallbacks.Request request = new WechatCallbacks.Request(WechatPushCrypto.signature(TOKEN, TIMESTAMP,
                NONCE), TIMESTAMP, NONCE, "aes", WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE, cipher + "x"));

        assertThatThrownBy(() -> callbacks.receive("safe", request, envelope(cipher)))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("msg_signature");
    }

    @Test
    void safeModeMessageForAnotherAppIdIsRejected() {
        assertThatThrownBy(() -> receiveSafe("safe", published("2247483904", "A2", 1),
                "wx-someone-else", AES_KEY, TOKEN))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("另一个公众号")
                .hasMessageContaining("wx-someone-else");
    }

    @Test
    void safeModeMessageUnderAnotherKeyIsRejected() {
        assertThatThrownBy(() -> receiveSafe("safe", published("2247483905", "A3", 1), "wx-safe",
                OTHER_AES_KEY, TOKEN))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageNotContaining(AES_KEY)
                .hasMessageNotContaining(OTHER_AES_KEY);
    }

    @Test
    void safeModeAccountRefusesPlainMessagesAndPlainAccountCannotReadEncryptedOnes() {
        String signature = WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE);

        assertThatThrownBy(() -> callbacks.receive("safe", plain(signature), published("2247483906", "A4", 1)))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("安全模式");
        assertThatThrownBy(() -> receiveSafe("plain", published("2247483907", "A5", 1), "wx-plain",
                AES_KEY, TOKEN))
                .isInstanceOf(WechatCallbackRejected.class)
                .hasMessageContaining("tongfa.connectors.wechat.accounts.plain.aes-key");
    }

    @Test
    void otherMessagesAreAcceptedAndIgnored() throws Exception {
        String subscribe = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>"
                + "<CreateTime>1794710400</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[subscribe]]></Event></xml>";

        assertThat(callbacks.receive("plain", plain(WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE)), subscribe))
                .isEmpty();
    }

    @Test
    void theSandboxAndWxJavaEncryptAlike() throws Exception {
        String event = published("2247483908", "A6", 1);
        WxCryptUtil wxJava = new WxCryptUtil(TOKEN, AES_KEY, "wx-safe");
        // The sandbox's encryption is read by WxJava's decryption (signature check included) …
        String sandboxCipher = WechatPushCrypto.encrypt(AES_KEY, "wx-safe", event);
        assertThat(wxJava.decryptContent(WechatPushCrypto.signature(TOKEN, TIMESTAMP, NONCE, sandboxCipher),
                TIMESTAMP, NONCE, sandboxCipher)).isEqualTo(event);
        // … and WxJava's encryption by the connector's own decryption, with its AppID check.
        String wxJavaCipher = wxJava.encrypt("0123456789abcdef", event);
        assertThat(WechatMessageCrypto.decrypt(WechatMessageCrypto.aesKey(AES_KEY), "wx-safe", wxJavaCipher))
                .isEqualTo(event);
        assertThatThrownBy(() -> WechatMessageCrypto.decrypt(WechatMessageCrypto.aesKey(AES_KEY), "wx-other",
                wxJavaCipher)).isInstanceOf(WechatCallbackRejected.class);
    }

    @Test
    void callbackSettingsAreCheckedAndNamedByKey() {
        assertThat(WechatCallbacks.configurationProblem("demo",
                new WechatAccount("wx", "s", null, TOKEN, "short", null)))
                .contains("tongfa.connectors.wechat.accounts.demo.aes-key").doesNotContain("short");
        assertThat(WechatCallbacks.configurationProblem("demo",
                new WechatAccount("wx", "s", null, null, AES_KEY, null)))
                .contains("tongfa.connectors.wechat.accounts.demo.token");
        assertThat(WechatCallbacks.configurationProblem("demo",
                new WechatAccount("wx", "s", null, "a b", null, null)))
                .contains("tongfa.connectors.wechat.accounts.demo.token");
        assertThat(WechatCallbacks.configurationProblem("demo",
                new WechatAccount("wx", "s", null, TOKEN, AES_KEY, null)))
                .isNull();
        assertThat(new WechatAccount("wx", "s", null, TOKEN, AES_KEY, null).toString()).doesNotContain(TOKEN, AES_KEY);
    }

    @Test
    void aDuplicatePushIsHarmless() throws Exception {
        PublishJobs jobs = new PublishJobs();
        PublishJobFinished event = new PublishJobFinished("safe", "2247483909", 0, "A9", List.of(), List.of(), true);
        jobs.arrived(event);
        jobs.arrived(event);

        assertThat(jobs.await("safe", "2247483909", Duration.ZERO)).isEqualTo(event);
        assertThat(jobs.await("safe", "2247483909", Duration.ZERO)).isNull();
        assertThat(jobs.size()).isZero();
    }

    /** Encrypts and signs an event as WeChat does for an account in safe mode, and hands it to the check. */
    private Optional<PublishJobFinished> receiveSafe(String agency, String event, String appId, String aesKey,
            String token) throws WechatCallbackRejected {
        String cipher = WechatPushCrypto.encrypt(aesKey, appId, event);
        WechatCallbacks.Request request = new WechatCallbacks.Request(WechatPushCrypto.signature(token, TIMESTAMP,
                NONCE), TIMESTAMP, NONCE, "aes", WechatPushCrypto.signature(token, TIMESTAMP, NONCE, cipher));
        return callbacks.receive(agency, request, envelope(cipher));
    }

    private static WechatCallbacks.Request plain(String signature) {
        return new WechatCallbacks.Request(signature, TIMESTAMP, NONCE, null, null);
    }

    private static String envelope(String cipher) {
        return "<xml><ToUserName><![CDATA[gh_0a1b2c]]></ToUserName><Encrypt><![CDATA[" + cipher
                + "]]></Encrypt></xml>";
    }

    private static String published(String publishId, String articleId, int articles) {
        StringBuilder detail = new StringBuilder("<article_detail><count>" + articles + "</count>");
        for (int i = 1; i <= articles; i++) {
            detail.append("<item><idx>").append(i).append("</idx><article_url><![CDATA[https://mp.weixin.qq.com/s/")
                    .append(articleId).append(i == 1 ? "" : "?idx=" + i).append("]]></article_url></item>");
        }
        detail.append("</article_detail>");
        return event("<publish_id>" + publishId + "</publish_id><publish_status>0</publish_status><article_id>"
                + "<![CDATA[" + articleId + "]]></article_id>" + detail);
    }

    private static String failed(String publishId, int... failIdx) {
        StringBuilder info = new StringBuilder("<publish_id>" + publishId + "</publish_id>"
                + "<publish_status>4</publish_status>");
        for (int idx : failIdx) {
            info.append("<fail_idx>").append(idx).append("</fail_idx>");
        }
        return event(info.toString());
    }

    private static String event(String publishEventInfo) {
        return "<xml><ToUserName><![CDATA[gh_0a1b2c]]></ToUserName><FromUserName><![CDATA[oFromWechat]]>"
                + "</FromUserName><CreateTime>1794710400</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[PUBLISHJOBFINISH]]></Event><PublishEventInfo>" + publishEventInfo
                + "</PublishEventInfo></xml>";
    }
}
