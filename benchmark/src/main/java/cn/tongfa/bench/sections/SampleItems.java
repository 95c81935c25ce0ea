package cn.tongfa.bench.sections;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.tongfa.bench.env.HubProcess;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The content every section sends: a typical government notice (title, summary, a body of a few paragraphs,
 * about 1.5 KB as JSON), the same through the hub's API and, as an {@link ItemEvent}, in the baseline.
 */
public final class SampleItems {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String PARAGRAPH = "<p>为进一步规范政府信息公开工作，提高政务服务水平，根据《中华人民共和国政府信息公开条例》"
            + "有关规定，结合本单位实际，现将有关事项通知如下。各科室要高度重视，认真组织实施，确保各项工作落到实处。</p>";

    private SampleItems() {
    }

    public static String title(int n) {
        return "关于开展第" + n + "批政务公开专项检查工作的通知";
    }

    public static String summary() {
        return "部署政务公开专项检查，明确检查范围、时间安排和工作要求。";
    }

    public static String bodyHtml(int n) {
        return PARAGRAPH.repeat(4) + "<p>编号 " + n + "。</p>";
    }

    /** The API request that creates item {@code n} (then published with {@code POST /items/{id}/publish}). */
    public static Map<String, Object> request(int n) {
        return Map.of("agency", HubProcess.AGENCY, "title", title(n), "summary", summary(), "bodyHtml", bodyHtml(n),
                "category", "业务工作");
    }

    /** The event the hub's relay would send for item {@code n} published at {@code now}. */
    public static ItemEvent event(int n, Instant now) {
        String id = String.format("bench%027d", n);
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(now.atZone(ZONE));
        String path = HubProcess.AGENCY + "/" + day.substring(0, 6) + "/t" + day + "_" + id + ".html";
        ItemSnapshot snapshot = new ItemSnapshot(title(n), summary(), bodyHtml(n), "业务工作", null, null,
                LocalDate.ofInstant(now, ZONE), "11340000MB0000000B/" + now.atZone(ZONE).getYear() + "-" + n,
                "基准测试局", "http://localhost:8080/portal/" + path, path, now.atZone(ZONE).toOffsetDateTime(), null,
                List.of(), Map.of());
        return new ItemEvent(UUID.randomUUID().toString(), ItemAction.PUBLISH, id, 1, HubProcess.AGENCY,
                HubProcess.CHANNELS, snapshot, now);
    }
}
