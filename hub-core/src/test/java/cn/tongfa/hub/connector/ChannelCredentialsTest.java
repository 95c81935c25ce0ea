package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import cn.tongfa.connector.disclosure.DisclosureSettings;
import cn.tongfa.connector.wechat.WechatSettings;
import cn.tongfa.connector.weibo.WeiboSettings;

/**
 * Channel credentials bound as the host binds them never show in what gets logged or printed: the settings'
 * {@code toString}, which a log line or an exception message could carry, masks every secret.
 */
class ChannelCredentialsTest {

    private static final String WECHAT_SECRET = "wx-secret-4f1c9a";
    private static final String WECHAT_SERVER_TOKEN = "wx-server-token-93ab";
    private static final String WECHAT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String WEIBO_TOKEN = "2.00weibo-token-77d3";
    private static final String DISCLOSURE_SECRET = "gk-secret-b81e";

    private final Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
            "tongfa.connectors.wechat.accounts.demo.app-id", "wx0123456789",
            "tongfa.connectors.wechat.accounts.demo.secret", WECHAT_SECRET,
            "tongfa.connectors.wechat.accounts.demo.token", WECHAT_SERVER_TOKEN,
            "tongfa.connectors.wechat.accounts.demo.aes-key", WECHAT_AES_KEY,
            "tongfa.connectors.weibo.accounts.demo.access-token", WEIBO_TOKEN,
            "tongfa.connectors.disclosure.endpoint", "https://gk.example.gov.cn",
            "tongfa.connectors.disclosure.accounts.demo.app-key", "sfj",
            "tongfa.connectors.disclosure.accounts.demo.app-secret", DISCLOSURE_SECRET)));

    @Test
    void theSettingsOfEveryChannelMaskTheirSecrets() {
        WechatSettings wechat = binder.bind("tongfa.connectors.wechat", WechatSettings.class).get();
        WeiboSettings weibo = binder.bind("tongfa.connectors.weibo", WeiboSettings.class).get();
        DisclosureSettings disclosure = binder.bind("tongfa.connectors.disclosure", DisclosureSettings.class).get();

        // Bound, so the check below is about printing them, not about missing values.
        assertThat(wechat.account("demo").secret()).isEqualTo(WECHAT_SECRET);
        assertThat(wechat.account("demo").token()).isEqualTo(WECHAT_SERVER_TOKEN);
        assertThat(wechat.account("demo").aesKey()).isEqualTo(WECHAT_AES_KEY);
        assertThat(weibo.accounts().get("demo").accessToken()).isEqualTo(WEIBO_TOKEN);
        assertThat(disclosure.accounts().get("demo").appSecret()).isEqualTo(DISCLOSURE_SECRET);

        String printed = wechat + " " + weibo + " " + disclosure;
        assertThat(printed).contains("wx0123456789", "sfj", "***")
                .doesNotContain(WECHAT_SECRET, WECHAT_SERVER_TOKEN, WECHAT_AES_KEY, WEIBO_TOKEN, DISCLOSURE_SECRET);
    }
}
