package cn.tongfa.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.samskivert.mustache.Escapers;

/** The templates' one-pass escaper escapes exactly as JMustache's HTML escaper did. */
class PortalTemplatesTest {

    @Test
    void escapesAsJMustachesHtmlEscaper() {
        for (String text : new String[] {"", "纯文本", "关于<印发>\"某某\"办法 & 通知", "a=b`c'd", "&amp;&lt;",
                "<<>>&&", "'", "末尾&"}) {
            assertThat(PortalTemplates.escape(text)).as(text).isEqualTo(Escapers.HTML.escape(text));
        }
        Random random = new Random(7);
        String alphabet = "&'\"<>`=;#ax政 ";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder built = new StringBuilder();
            for (int n = random.nextInt(20); n > 0; n--) {
                built.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = built.toString();
            assertThat(PortalTemplates.escape(text)).as(text).isEqualTo(Escapers.HTML.escape(text));
        }
        String plain = "没有要转义的字符";
        assertThat(PortalTemplates.escape(plain)).isSameAs(plain);
    }

    @Test
    void rendersWithTheEscaper() throws Exception {
        String sitemap = PortalTemplates.defaults().render(PortalTemplates.SITEMAP,
                Map.of("urls", List.of(Map.of("loc", "https://x/a?b=1&c='2'", "lastmod", "2026"))));

        assertThat(sitemap).contains("<loc>https://x/a?b&#x3D;1&amp;c&#x3D;&#39;2&#39;</loc>");
    }
}
