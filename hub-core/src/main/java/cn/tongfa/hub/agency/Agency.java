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
 * @param indexPattern how its 索引号 are made, e.g. {@code {orgCode}/{year}-{seq:5}} (see {@link IndexPatterns})
 */
public record Agency(String id, String name, String orgCode, List<String> channels, List<String> reviewChain,
        List<String> categories, String indexPattern) {

    public Agency {
        indexPattern = indexPattern == null || indexPattern.isBlank() ? IndexPatterns.DEFAULT : indexPattern;
    }

    /** The 索引号 of the agency's {@code seq}-th item published in {@code year}. */
    public String indexNo(int year, long seq) {
        return IndexPatterns.format(indexPattern, orgCode, year, Long.toString(seq));
    }

    /** The 索引号 an item will get when published in {@code year}, its running number shown as {@code pending}. */
    public String indexNoPreview(int year, String pending) {
        return IndexPatterns.format(indexPattern, orgCode, year, pending);
    }
}
