package cn.tongfa.hub.content;

import java.util.regex.Pattern;

/** Counting and positions the way an editor counts: one per code point. */
final class Texts {

    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0\\u3000]+");

    private Texts() {
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The 1-based character number ("第N个字符") of the char at {@code index}. */
    static int characterNumber(String text, int index) {
        return text.codePointCount(0, index) + 1;
    }

    static boolean blank(String text) {
        return text == null || trim(text).isEmpty();
    }

    /** Runs of white space (NBSP and the ideographic space included) become one space; the ends are stripped. */
    static String collapse(String text) {
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Leading and trailing white space (NBSP and the ideographic space included) removed. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u3000';
    }
}
