package cn.tongfa.hub.agency;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import cn.tongfa.connector.api.Channels;

/**
 * The agencies configured under {@code tongfa.agencies[...]}, checked at start-up: a mistake stops the hub
 * with a message naming the key.
 */
@ConfigurationProperties("tongfa")
record AgencyProperties(List<Entry> agencies) {

    static final List<String> DEFAULT_CATEGORIES = List.of("机构职能", "政策法规", "业务工作", "其他");

    record Entry(String id, String name, String orgCode, List<String> channels, List<String> reviewChain,
            List<String> categories, String indexPattern) {
    }

    AgencyProperties {
        agencies = agencies == null ? List.of() : agencies;
    }

    List<Agency> validated() {
        List<Agency> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < agencies.size(); i++) {
            Entry entry = agencies.get(i);
            String key = "tongfa.agencies[" + i + "]";
            if (entry.id() == null || !entry.id().matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new IllegalStateException(key + ".id must be 1-64 lowercase letters, digits or '-', was '"
                        + entry.id() + "'");
            }
            if (!ids.add(entry.id())) {
                throw new IllegalStateException(key + ".id '" + entry.id() + "' is configured twice");
            }
            if (entry.name() == null || entry.name().isBlank()) {
                throw new IllegalStateException(key + ".name is required (the 发布机构 of the agency's items)");
            }
            List<String> channels = entry.channels() == null || entry.channels().isEmpty()
                    ? Channels.ALL
                    : List.copyOf(entry.channels());
            for (int c = 0; c < channels.size(); c++) {
                if (!Channels.isKnown(channels.get(c))) {
                    throw new IllegalStateException(key + ".channels[" + c + "] '" + channels.get(c)
                            + "' is not a channel; expected one of " + Channels.ALL);
                }
            }
            List<String> chain = entry.reviewChain() == null ? List.of() : List.copyOf(entry.reviewChain());
            for (int r = 0; r < chain.size(); r++) {
                if (!Roles.REVIEW_ROLES.contains(chain.get(r))) {
                    throw new IllegalStateException(key + ".review-chain[" + r + "] '" + chain.get(r)
                            + "' is not a review role; expected one of " + Roles.REVIEW_ROLES);
                }
            }
            List<String> categories = entry.categories() == null || entry.categories().isEmpty()
                    ? DEFAULT_CATEGORIES
                    : List.copyOf(entry.categories());
            String orgCode = entry.orgCode() == null || entry.orgCode().isBlank() ? entry.id() : entry.orgCode();
            String indexPattern = entry.indexPattern() == null || entry.indexPattern().isBlank()
                    ? IndexPatterns.DEFAULT : entry.indexPattern();
            String patternProblem = IndexPatterns.problem(indexPattern, orgCode);
            if (patternProblem != null) {
                throw new IllegalStateException(key + ".index-pattern " + patternProblem);
            }
            result.add(new Agency(entry.id(), entry.name(), orgCode, channels, chain, categories, indexPattern));
        }
        return List.copyOf(result);
    }
}
