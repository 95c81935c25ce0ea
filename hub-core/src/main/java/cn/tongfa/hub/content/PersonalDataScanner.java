package cn.tongfa.hub.content;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in plain text: resident identity card numbers, mainland mobile numbers and bank card
 * numbers. A finding carries only a masked form of the number, so nothing downstream (messages, logs) ever
 * holds the whole number.
 *
 * <ul>
 * <li>身份证号: 18 characters: a province code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81–83, so the
 * first digit is 1–8), a birth date that exists and is neither before 1900 nor in the future, three digits and
 * the ISO 7064 MOD 11-2 check character (0–9 or X, either case). Legacy 15-digit numbers (province code and a
 * valid 19yyMMdd date, no check character) are found too unless turned off.</li>
 * <li>手机号: {@code 1[3-9]} and nine more digits, written whole or grouped 3-4-4 with single spaces or dashes,
 * optionally preceded by {@code +86}, {@code 0086} or {@code 86}.</li>
 * <li>银行卡号: 16–19 digits passing the Luhn check and starting with 2–6 (the ranges of UnionPay, Visa,
 * Mastercard, JCB: this keeps 18-digit 统一社会信用代码 starting 1 or 9 from being taken for cards), written
 * whole or in groups of four separated by single spaces or dashes (the last group may be shorter).</li>
 * </ul>
 *
 * <p>No number may be part of a longer digit run: an order number such as {@code 202613800138000} holds no
 * mobile number. Full-width digits (１３８…) count as digits. Where kinds overlap, the identity card wins over
 * the bank card, and both over the mobile number.
 */
final class PersonalDataScanner {

    /** The kinds of personal data found. */
    enum Kind {
        ID_CARD("身份证号", ContentProblem.ID_CARD),
        MOBILE("手机号", ContentProblem.MOBILE),
        BANK_CARD("银行卡号", ContentProblem.BANK_CARD);

        private final String label;
        private final String code;

        Kind(String label, String code) {
            this.label = label;
            this.code = code;
        }

        String label() {
            return label;
        }

        String code() {
            return code;
        }
    }

    /**
     * One finding.
     *
     * @param kind     what it looks like
     * @param masked   the number with all but its first and last few digits replaced by {@code *}
     * @param position the 1-based character number where it starts
     * @param length   how many characters it spans in the text (separators and prefix included)
     */
    record Finding(Kind kind, String masked, int position, int length) {
    }

    private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36,
            37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83);
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private static final Pattern ID = Pattern.compile("(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])");
    private static final Pattern CARD = Pattern.compile(
            "(?<![0-9])[2-6][0-9]{15,18}(?![0-9])"
                    + "|(?<![0-9]|[0-9][ -])[2-6][0-9]{3}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?(?![0-9]|[ -][0-9])");
    private static final Pattern MOBILE = Pattern.compile(
            "(?<![0-9+])(?:(?:\\+|00)?86[ -]?)?(1[3-9][0-9])[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])");

    private final boolean legacyIdNumbers;
    private final Clock clock;

    PersonalDataScanner() {
        this(true, Clock.system(ZoneId.of("Asia/Shanghai")));
    }

    /**
     * @param legacyIdNumbers whether 15-digit identity card numbers are looked for
     * @param clock           today's date, the latest birth date an identity card number may carry
     */
    PersonalDataScanner(boolean legacyIdNumbers, Clock clock) {
        this.legacyIdNumbers = legacyIdNumbers;
        this.clock = clock;
    }

    /** The findings in the HTML's text (see {@link HtmlText}), in order of position. */
    List<Finding> scanHtml(String html) {
        return scan(HtmlText.of(html));
    }

    /** The findings in plain text, in order of position. */
    List<Finding> scan(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String normal = halfWidth(text);
        if (!mayHoldNumber(normal)) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock);
        List<int[]> taken = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();

        Matcher id = ID.matcher(normal);
        while (id.find()) {
            String number = id.group(1);
            if (number.length() == 18 ? isIdNumber(number, today) : legacyIdNumbers && isLegacyIdNumber(number)) {
                add(findings, taken, text, id, Kind.ID_CARD, mask(number, 4, 4));
            }
        }
        Matcher card = CARD.matcher(normal);
        while (card.find()) {
            String digits = card.group().replaceAll("[ -]", "");
            if (luhn(digits) && free(taken, card)) {
                add(findings, taken, text, card, Kind.BANK_CARD, mask(digits, 4, 4));
            }
        }
        Matcher mobile = MOBILE.matcher(normal);
        while (mobile.find()) {
            if (free(taken, mobile)) {
                String number = mobile.group(1) + mobile.group(2) + mobile.group(3);
                add(findings, taken, text, mobile, Kind.MOBILE, mask(number, 3, 4));
            }
        }
        findings.sort(Comparator.comparingInt(Finding::position));
        return List.copyOf(findings);
    }

    private static void add(List<Finding> findings, List<int[]> taken, String text, Matcher match, Kind kind,
            String masked) {
        taken.add(new int[] {match.start(), match.end()});
        findings.add(new Finding(kind, masked, Texts.characterNumber(text, match.start()),
                text.codePointCount(match.start(), match.end())));
    }

    private static boolean free(List<int[]> taken, Matcher match) {
        for (int[] range : taken) {
            if (match.start() < range[1] && range[0] < match.end()) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdNumber(String number, LocalDate today) {
        if (number.length() != 18 || !PROVINCES.contains(Integer.parseInt(number.substring(0, 2)))) {
            return false;
        }
        LocalDate born = date(number.substring(6, 10), number.substring(10, 12), number.substring(12, 14));
        if (born == null || born.getYear() < 1900 || born.isAfter(today)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (number.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return Character.toUpperCase(number.charAt(17)) == ID_CHECK.charAt(sum % 11);
    }

    static boolean isLegacyIdNumber(String number) {
        return number.length() == 15 && PROVINCES.contains(Integer.parseInt(number.substring(0, 2)))
                && date("19" + number.substring(6, 8), number.substring(8, 10), number.substring(10, 12)) != null;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static LocalDate date(String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            return null;
        }
    }

    static String mask(String number, int head, int tail) {
        return number.substring(0, head) + "*".repeat(number.length() - head - tail)
                + number.substring(number.length() - tail).toUpperCase();
    }

    /** Full-width digits, X, plus and dash as their ASCII forms, char for char so positions stay put. */
    /** The fewest digits any kind has: a mobile number's eleven (an identity card 15 or 18, a bank card 16–19). */
    static final int FEWEST_DIGITS = 11;

    /**
     * Whether some run of digits, spaces and dashes holds {@value #FEWEST_DIGITS} digits or more: without one, no
     * pattern can match, and one pass over the characters spares the three expressions' passes. Most text
     * (dates, document numbers, amounts) has none. The run allows more separators than any pattern does, so it
     * never rules out what a pattern would find.
     */
    static boolean mayHoldNumber(String normal) {
        int digits = 0;
        for (int i = 0; i < normal.length(); i++) {
            char c = normal.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits >= FEWEST_DIGITS) {
                    return true;
                }
            } else if (c != ' ' && c != '-') {
                digits = 0;
            }
        }
        return false;
    }

    private static String halfWidth(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '０' && c <= '９') {
                chars[i] = (char) (c - '０' + '0');
            } else if (c == 'Ｘ' || c == 'ｘ') {
                chars[i] = 'X';
            } else if (c == '＋') {
                chars[i] = '+';
            } else if (c == '－') {
                chars[i] = '-';
            }
        }
        return new String(chars);
    }
}
