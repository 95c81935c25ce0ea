package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryEvent;
import cn.tongfa.connector.api.DeliveryOutcome;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void writesItemEventsTheSchemaAccepts() {
        ItemEvent full = Events.publish(Events.newItemId(), Channels.PORTAL, Channels.WEIBO);
        ItemSnapshot sparse = new ItemSnapshot("通知", null, "<p>正文</p>", null, null, null, null, null, "市政府办公厅",
                "https://www.example.gov.cn/a.html", "a.html", null, null, null, null);
        ItemEvent minimal = new ItemEvent("e-1", ItemAction.WITHDRAW, "i-1", 3, "demo", null, sparse,
                Instant.parse("2026-03-01T00:00:00Z"));

        Schemas.assertValid(Schemas.ITEM_EVENT, codec.write(full));
        Schemas.assertValid(Schemas.ITEM_EVENT, codec.write(minimal));
    }

    @Test
    void writesDeliveryEventsTheSchemaAccepts() {
        Instant requested = Instant.parse("2026-03-01T00:00:00Z");
        DeliveryEvent delivered = new DeliveryEvent("d-1", "i-1", "demo", Channels.WECHAT, 2, ItemAction.UPDATE,
                DeliveryOutcome.DELIVERED, "2247483650_1", "https://mp.weixin.qq.com/s/abc", null, null, 1,
                requested, requested.plusSeconds(3));
        DeliveryEvent failed = new DeliveryEvent("d-2", "i-1", "demo", Channels.WEIBO, 1, ItemAction.PUBLISH,
                DeliveryOutcome.FAILED, null, null, "内容过长", "20012", 1, null, requested);

        Schemas.assertValid(Schemas.DELIVERY_EVENT, codec.write(delivered));
        Schemas.assertValid(Schemas.DELIVERY_EVENT, codec.write(failed));
    }

    @Test
    void theSchemaRejectsWhatTheContractForbids() {
        String missingItemId = json(codec.write(Events.publish("i-1", Channels.PORTAL))).replace("\"itemId\":\"i-1\",", "");
        String unknownChannel = json(codec.write(Events.publish("i-1", "fax")));

        assertThat(Schemas.errors(Schemas.ITEM_EVENT, bytes(missingItemId))).isNotEmpty();
        assertThat(Schemas.errors(Schemas.ITEM_EVENT, bytes(unknownChannel))).isNotEmpty();
    }

    @Test
    void readsBackWhatItWrote() {
        ItemEvent item = Events.publish(Events.newItemId(), Channels.PORTAL, Channels.DISCLOSURE);
        DeliveryEvent delivery = new DeliveryEvent("d-1", "i-1", "demo", Channels.PORTAL, 1, ItemAction.PUBLISH,
                DeliveryOutcome.DELIVERED, "demo/a.html", "https://www.example.gov.cn/demo/a.html", null, null, 2,
                Instant.parse("2026-03-01T00:00:00.123Z"), Instant.parse("2026-03-01T00:00:01.456Z"));

        assertThat(codec.readItem(codec.write(item))).isEqualTo(item);
        assertThat(codec.readDelivery(codec.write(delivery))).isEqualTo(delivery);
    }

    @Test
    void keepsTheOffsetOfThePublicationTime() {
        // The portal prints the date of publishedAt: 07:30 in Beijing must not become the day before in UTC.
        ItemEvent item = Events.publish("i-1", Channels.PORTAL);

        ItemEvent read = codec.readItem(codec.write(item));

        assertThat(read.item().publishedAt()).isEqualTo(item.item().publishedAt());
        assertThat(read.item().publishedAt().toLocalDate()).isEqualTo(item.item().publishedAt().toLocalDate());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String json = json(codec.write(Events.publish("i-1", Channels.PORTAL)));
        String newer = "{\"schemaHint\":\"v1.1\",\"priority\":5," + json.substring(1)
                .replace("\"item\":{", "\"item\":{\"subtitle\":\"副标题\",\"tags\":[\"a\",\"b\"],");

        ItemEvent read = codec.readItem(bytes(newer));

        assertThat(read.itemId()).isEqualTo("i-1");
        assertThat(read.item().title()).isEqualTo("关于开展2026年春季安全生产大检查的通知");
    }

    @Test
    void rejectsUnreadableBytes() {
        assertMalformed(null);
        assertMalformed(new byte[0]);
        assertMalformed(new byte[] {0, 1, 2, (byte) 0xff});
        assertMalformed(bytes("not json at all"));
        assertMalformed(bytes("[1,2,3]"));
        assertMalformed(bytes("{\"eventId\":\"e-1\""));
    }

    @Test
    void rejectsItemEventsMissingRequiredFields() {
        String json = json(codec.write(Events.publish("i-1", Channels.PORTAL)));
        for (String field : List.of("eventId", "action", "itemId", "version", "agency", "item", "occurredAt")) {
            String without = json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\d+|\\{.*?\\}(?=,\"occurredAt\")),?", "");
            assertThat(without).as(field + " removed").doesNotContain("\"" + field + "\":");
            assertMalformed(bytes(without));
        }
        assertMalformed(bytes(json.replace("\"action\":\"PUBLISH\"", "\"action\":\"REPUBLISH\"")));
        assertMalformed(bytes(json.replace("\"version\":1", "\"version\":0")));
    }

    @Test
    void rejectsDeliveryEventsMissingRequiredFields() {
        DeliveryEvent delivery = new DeliveryEvent("d-1", "i-1", "demo", Channels.PORTAL, 1, ItemAction.PUBLISH,
                DeliveryOutcome.DELIVERED, null, null, null, null, 1, null, Instant.parse("2026-03-01T00:00:00Z"));
        String json = json(codec.write(delivery));

        assertMalformed(bytes(json.replace("\"outcome\":\"DELIVERED\",", "")), DeliveryEvent.class);
        assertMalformed(bytes(json.replace("\"channel\":\"portal\",", "")), DeliveryEvent.class);
        assertMalformed(bytes(json.replace("\"attempts\":1,", "")), DeliveryEvent.class);
    }

    private void assertMalformed(byte[] bytes) {
        assertMalformed(bytes, ItemEvent.class);
    }

    private void assertMalformed(byte[] bytes, Class<?> type) {
        assertThatThrownBy(() -> codec.read(bytes, type))
                .as(bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
