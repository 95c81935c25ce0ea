package cn.tongfa.sandbox.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The contract's attachment rules ({@code docs/disclosure-api.md}, "Attachments"), rule by rule. */
class DisclosureAttachmentsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void aCorrectListIsStoredWithTheContractsFieldsOnly() {
        ArrayNode list = JSON.createArrayNode();
        list.add(valid().put("extra", "ignored"));

        ArrayNode stored = DisclosureAttachments.check(list);

        assertThat(stored.toString()).isEqualTo("[{\"name\":\"附件一.pdf\",\"type\":\"application/pdf\",\"size\":2048,"
                + "\"sha256\":\"" + SHA + "\",\"url\":\"https://hub.example.gov.cn/media/m1\"}]");
        assertThat(DisclosureAttachments.check(null)).isEmpty();
    }

    @Test
    void eachFieldIsRequired() {
        for (String field : new String[] {"name", "type", "size", "sha256", "url"}) {
            assertRefused(a -> a.remove(field), DisclosureAttachments.MISSING, field);
            assertRefused(a -> a.putNull(field), DisclosureAttachments.MISSING, field);
        }
        assertRefused(a -> a.put("name", " "), DisclosureAttachments.MISSING, "name");
        assertRefused(a -> a.put("size", "2048"), DisclosureAttachments.MISSING, "size");
        assertThatThrownBy(() -> DisclosureAttachments.check(JSON.readTree("{\"name\":\"x\"}")))
                .extracting(e -> ((DisclosureAttachments.Invalid) e).code()).isEqualTo(DisclosureAttachments.MISSING);
        assertThatThrownBy(() -> DisclosureAttachments.check(JSON.readTree("[\"附件.pdf\"]")))
                .extracting(e -> ((DisclosureAttachments.Invalid) e).code()).isEqualTo(DisclosureAttachments.MISSING);
    }

    @Test
    void onlyTheDocumentedTypesAreTaken() {
        for (String type : DisclosureAttachments.TYPES) {
            ArrayNode list = JSON.createArrayNode();
            list.add(valid().put("type", type));
            assertThat(DisclosureAttachments.check(list)).hasSize(1);
        }
        ArrayNode withParameter = JSON.createArrayNode();
        withParameter.add(valid().put("type", "Application/PDF; version=1.7"));
        assertThat(DisclosureAttachments.check(withParameter)).hasSize(1);
        assertRefused(a -> a.put("type", "text/html"), DisclosureAttachments.TYPE, "text/html");
        assertRefused(a -> a.put("type", "application/x-msdownload"), DisclosureAttachments.TYPE, "附件一.pdf");
    }

    @Test
    void theSizeIsPositiveAndWithinTheLimit() {
        assertRefused(a -> a.put("size", 0), DisclosureAttachments.SIZE, "0 字节");
        assertRefused(a -> a.put("size", -1), DisclosureAttachments.SIZE, "-1");
        assertRefused(a -> a.put("size", DisclosureAttachments.MAX_SIZE + 1), DisclosureAttachments.SIZE, "100 MB");
        ArrayNode atTheLimit = JSON.createArrayNode();
        atTheLimit.add(valid().put("size", DisclosureAttachments.MAX_SIZE));
        assertThat(DisclosureAttachments.check(atTheLimit)).hasSize(1);
    }

    @Test
    void theDigestIsSixtyFourLowerCaseHexDigits() {
        assertRefused(a -> a.put("sha256", SHA.substring(1)), DisclosureAttachments.SHA256, "64");
        assertRefused(a -> a.put("sha256", SHA.toUpperCase()), DisclosureAttachments.SHA256, "sha256");
        assertRefused(a -> a.put("sha256", SHA.substring(1) + "g"), DisclosureAttachments.SHA256, "sha256");
    }

    @Test
    void theUrlIsAbsoluteHttpOrHttps() {
        assertRefused(a -> a.put("url", "/media/m1"), DisclosureAttachments.URL, "url");
        assertRefused(a -> a.put("url", "ftp://hub.example.gov.cn/media/m1"), DisclosureAttachments.URL, "url");
        assertRefused(a -> a.put("url", "javascript:alert(1)"), DisclosureAttachments.URL, "url");
        assertRefused(a -> a.put("url", "https:///media/m1"), DisclosureAttachments.URL, "url");
        ArrayNode http = JSON.createArrayNode();
        http.add(valid().put("url", "http://127.0.0.1:8080/media/m1"));
        assertThat(DisclosureAttachments.check(http)).hasSize(1);
    }

    @Test
    void atMostTwentyAttachments() {
        ArrayNode twenty = JSON.createArrayNode();
        for (int i = 0; i < DisclosureAttachments.MAX_COUNT; i++) {
            twenty.add(valid());
        }
        assertThat(DisclosureAttachments.check(twenty)).hasSize(20);
        twenty.add(valid());
        assertThatThrownBy(() -> DisclosureAttachments.check(twenty)).hasMessageContaining("最多 20 个")
                .extracting(e -> ((DisclosureAttachments.Invalid) e).code()).isEqualTo(DisclosureAttachments.COUNT);
    }

    private static ObjectNode valid() {
        return JSON.createObjectNode().put("name", "附件一.pdf").put("type", "application/pdf").put("size", 2048)
                .put("sha256", SHA).put("url", "https://hub.example.gov.cn/media/m1");
    }

    private static void assertRefused(Consumer<ObjectNode> breaking, int code, String messagePart) {
        ObjectNode attachment = valid();
        breaking.accept(attachment);
        ArrayNode list = JSON.createArrayNode();
        list.add(valid());
        list.add(attachment);
        JsonNode input = list;
        assertThatThrownBy(() -> DisclosureAttachments.check(input)).as(attachment.toString())
                .isInstanceOf(DisclosureAttachments.Invalid.class)
                .hasMessageContaining(messagePart)
                .extracting(e -> ((DisclosureAttachments.Invalid) e).code()).isEqualTo(code);
    }
}
