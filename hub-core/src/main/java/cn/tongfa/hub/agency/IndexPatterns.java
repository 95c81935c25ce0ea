package cn.tongfa.hub.agency;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agency's pattern of 索引号 (catalogue index numbers), e.g. {@code {orgCode}/{year}-{seq:5}} giving
 * {@code 11340000MB1234567X/2026-00042}. Placeholders: {@code {orgCode}}, {@code {year}} and {@code {seq}} (the
 * agency's running number within the year; {@code {seq:N}} pads it to N digits). The year and the number are
 * required, so that no two items ever share an index number.
 */
final class IndexPatterns {

    /** The pattern of an agency that configures none. */
    static final String DEFAULT = "{orgCode}/{year}-{seq:5}";

    private static final Pattern TOKEN = Pattern.compile("\\{(orgCode|year|seq)(?::([1-9]))?}");
    // What the disclosure column accepts (docs/disclosure-api.md).
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

    private IndexPatterns() {
    }

    /** The index number of the {@code seq}-th item of {@code year}; {@code seq} may be a placeholder text. */
    static String format(String pattern, String orgCode, int year, String seq) {
        Matcher matcher = TOKEN.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "orgCode" -> orgCode;
                case "year" -> Integer.toString(year);
                default -> pad(seq, matcher.group(2));
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Why the pattern cannot make index numbers the disclosure column accepts, or null when it can. */
    static String problem(String pattern, String orgCode) {
        if (!pattern.contains("{year}") || !TOKEN.matcher(pattern).results().anyMatch(m -> m.group(1).equals("seq"))) {
            return "must contain {year} and {seq} (or {seq:N}), was '" + pattern + "'";
        }
        String sample = format(pattern, orgCode, 2026, "99999");
        if (!ACCEPTED.matcher(sample).matches()) {
            return "gives '" + sample + "'; an index number is 1-64 letters, digits, '-', '_', '.' or '/'";
        }
        for (String segment : sample.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "gives '" + sample + "', which has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    private static String pad(String seq, String width) {
        if (width == null || !seq.chars().allMatch(Character::isDigit)) {
            return seq;
        }
        return "0".repeat(Math.max(0, Integer.parseInt(width) - seq.length())) + seq;
    }
}
