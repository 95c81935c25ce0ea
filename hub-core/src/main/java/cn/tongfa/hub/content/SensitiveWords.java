package cn.tongfa.hub.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * A list of sensitive words, matched all at once (Aho-Corasick) against a text.
 *
 * <p>Text and words are compared in a normal form:
 * <ul>
 * <li>Latin letters ignore case, and full-width letters and digits equal their ASCII forms (ＡＢＣ = abc).</li>
 * <li>Filler inserted between characters to dodge the list is skipped: horizontal white space (the ideographic
 * space included), zero-width characters and the symbols {@code * . · • _ - ~ | / \} with their full-width forms,
 * so "法 轮 功" and "法*轮*功" match 法轮功. Sentence punctuation (，。、；：！？ quotes, brackets) and line
 * breaks are <em>not</em> skipped: they separate words in legitimate text ("方法，轮流" must not match 法轮), and a
 * line break in the body text is a paragraph or cell boundary.</li>
 * <li>A word that begins or ends with a Latin letter or digit only matches where the text has no Latin letter
 * or digit on that side, so a word "ass" does not match "class". Chinese words match anywhere.</li>
 * </ul>
 * Traditional and simplified forms are not unified: list both when both matter.
 *
 * <p>Every occurrence of every word is reported, overlapping ones included (台独 and 独立 in 台独立).
 * Thread-safe once built.
 */
final class SensitiveWords {

    /**
     * A word found.
     *
     * @param word     the word as listed
     * @param matched  the text it was found as (differs when filler or case differ)
     * @param position the 1-based character number where it starts
     */
    record Match(String word, String matched, int position) {
    }

    private static final String FILLER = "*.·•_-~|/\\＊．・＿－～｜／＼\u200b\u200c\u200d\u2060\ufeff";

    private final Map<String, String> words;
    private final Trie trie;

    private SensitiveWords(Map<String, String> words) {
        this.words = words;
        this.trie = Trie.builder().addKeywords(words.keySet()).build();
    }

    /** The list; blank words, and words that are nothing but filler, are ignored. */
    static SensitiveWords of(Collection<String> words) {
        Map<String, String> byNormal = new LinkedHashMap<>();
        for (String word : words) {
            if (word == null) {
                continue;
            }
            String listed = Texts.trim(word);
            String normal = skeleton(listed).text();
            if (!normal.isEmpty()) {
                byNormal.putIfAbsent(normal, listed);
            }
        }
        return new SensitiveWords(byNormal);
    }

    boolean isEmpty() {
        return words.isEmpty();
    }

    int size() {
        return words.size();
    }

    /** Every occurrence of every word in the text, by position, then by length. */
    List<Match> find(String text) {
        if (text == null || text.isEmpty() || words.isEmpty()) {
            return List.of();
        }
        Skeleton skeleton = skeleton(text);
        List<Match> matches = new ArrayList<>();
        for (Emit emit : trie.parseText(skeleton.text())) {
            int start = skeleton.origin()[emit.getStart()];
            int end = skeleton.origin()[emit.getEnd()] + 1;
            String normal = emit.getKeyword();
            if (isWordChar(normal.charAt(0)) && start > 0 && isWordChar(fold(text.charAt(start - 1)))
                    || isWordChar(normal.charAt(normal.length() - 1)) && end < text.length()
                            && isWordChar(fold(text.charAt(end)))) {
                continue;
            }
            matches.add(new Match(words.get(normal), text.substring(start, end), Texts.characterNumber(text, start)));
        }
        matches.sort(Comparator.comparingInt(Match::position).thenComparingInt(m -> m.matched().length()));
        return List.copyOf(matches);
    }

    private record Skeleton(String text, int[] origin) {
    }

    /** The text without filler, case and width folded, with each kept char's index in the original. */
    private static Skeleton skeleton(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        int[] origin = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || !isFiller(c)) {
                origin[kept.length()] = i;
                kept.append(fold(c));
            }
        }
        return new Skeleton(kept.toString(), origin);
    }

    private static boolean isFiller(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || FILLER.indexOf(c) >= 0;
    }

    private static char fold(char c) {
        if (c >= '\uff01' && c <= '\uff5e') {
            c = (char) (c - 0xfee0);
        }
        return Character.toLowerCase(c);
    }

    private static boolean isWordChar(char c) {
        return c < 0x80 && Character.isLetterOrDigit(c);
    }
}
