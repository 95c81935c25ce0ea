package cn.tongfa.connector.runtime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

/** Item events as the hub makes them, with every field of the snapshot filled. */
final class Events {

    static final String AGENCY = "demo";

    private Events() {
    }

    static String newItemId() {
        return "item-" + UUID.randomUUID();
    }

    static ItemEvent publish(String itemId, String... channels) {
        return event(ItemAction.PUBLISH, itemId, 1, AGENCY, channels);
    }

    static ItemEvent event(ItemAction action, String itemId, int version, String agency, String... channels) {
        return event(action, itemId, version, agency, Instant.now().truncatedTo(ChronoUnit.MILLIS), channels);
    }

    static ItemEvent event(ItemAction action, String itemId, int version, String agency, Instant occurredAt,
            String... channels) {
        return new ItemEvent(UUID.randomUUID().toString(), action, itemId, version, agency, List.of(channels),
                snapshot(itemId), occurredAt);
    }

    static ItemSnapshot snapshot(String itemId) {
        // Early morning in Beijing: the UTC date is still the day before.
        OffsetDateTime publishedAt = OffsetDateTime.of(2026, 3, 1, 7, 30, 0, 0, ZoneOffset.ofHours(8));
        return new ItemSnapshot("关于开展2026年春季安全生产大检查的通知", "全市范围内开展安全生产大检查。",
                "<p>各区人民政府：</p><p><img src=\"/media/m1\"></p>", "安全生产", "行政规范性文件",
                "市应急〔2026〕3号", LocalDate.of(2026, 2, 27), "11370100MB0000000X/2026-00042", "市应急管理局",
                "https://www.example.gov.cn/demo/202603/t20260301_" + itemId + ".html",
                "demo/202603/t20260301_" + itemId + ".html", publishedAt,
                "https://hub.example.gov.cn/media/m1",
                List.of(new ItemSnapshot.Media("m2", "附件1.pdf", "https://hub.example.gov.cn/media/m2",
                        "application/pdf", 52_431)),
                Map.of("weibo", Map.of("text", "【安全生产大检查】全市开展春季检查")));
    }
}
