package cn.tongfa.hub.agency;

import java.util.List;

/**
 * An agency the hub publishes for (one tenant of a city platform).
 *
 * @param id          short id used in URLs and the API, e.g. {@code fy-xfj}
 * @param name        full name, the 发布机构 of its items
 * @param orgCode     the agency's code that opens every 索引号 (e.g. its unified social credit code)
 * @param channels    the channels the agency publishes to
 * @param reviewChain ordered review roles an item passes before publication (empty: editors publish directly)
 * @param categories  the agency's catalogue categories (主题分类)
 */
public record Agency(String id, String name, String orgCode, List<String> channels, List<String> reviewChain,
        List<String> categories) {
}
