package cn.tongfa.hub.item;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The deterministic address of an item's portal page: {@code {agency}/{yyyyMM}/t{yyyyMMdd}_{id}.html} under the
 * portal's base URL. Known at publication, before the portal connector writes the page, so WeChat's 阅读原文 and
 * the Weibo post can link to it.
 */
record PortalAddress(String path, String url) {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    static PortalAddress of(String baseUrl, String agency, String itemId, Instant publishedAt, ZoneId zone) {
        var date = publishedAt.atZone(zone).toLocalDate();
        String path = agency + "/" + MONTH.format(date) + "/t" + DAY.format(date) + "_" + itemId + ".html";
        return new PortalAddress(path, baseUrl + path);
    }
}
