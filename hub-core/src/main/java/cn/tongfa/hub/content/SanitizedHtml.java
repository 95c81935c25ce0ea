package cn.tongfa.hub.content;

import java.util.List;

/**
 * HTML after the allow-list of government articles has been applied.
 *
 * @param html     the sanitised HTML
 * @param removals what was removed, one entry per element or element-attribute pair, in order of first
 *                 occurrence; HTML comments and unsupported properties inside a kept {@code style} attribute go
 *                 without a report
 */
public record SanitizedHtml(String html, List<Removal> removals) {

    public SanitizedHtml {
        removals = List.copyOf(removals);
    }

    /** Whether anything was removed. */
    public boolean changed() {
        return !removals.isEmpty();
    }

    /**
     * Something the sanitiser removed.
     *
     * @param element   the element's name, lower case
     * @param attribute the attribute's name when an attribute was removed from a kept element, else null
     * @param count     how many times
     */
    public record Removal(String element, String attribute, int count) {

        public boolean isElement() {
            return attribute == null;
        }
    }
}
