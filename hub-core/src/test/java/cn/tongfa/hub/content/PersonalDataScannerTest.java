package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.tongfa.hub.content.PersonalDataScanner.Finding;
import cn.tongfa.hub.content.PersonalDataScanner.Kind;

class PersonalDataScannerTest {

    private static final Clock MARCH_2026 = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"),
            ZoneId.of("Asia/Shanghai"));

    private final PersonalDataScanner scanner = new PersonalDataScanner(true, MARCH_2026);

    @Test
    void aValidIdNumberWithCheckCharacterXIsFoundAndMasked() {
        assertThat(scanner.scan("11010519491231002X"))
                .extracting(Finding::kind, Finding::masked, Finding::position, Finding::length)
                .containsExactly(tuple(Kind.ID_CARD, "1101**********002X", 1, 18));
        assertThat(scanner.scan("11010519491231002x")).extracting(Finding::masked)
                .containsExactly("1101**********002X");
    }

    @Test
    void aValidIdNumberWithADigitCheckIsFound() {
        assertThat(scanner.scan("340104199001011239")).extracting(Finding::kind, Finding::masked)
                .containsExactly(tuple(Kind.ID_CARD, "3401**********1239"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "340104199001011234", // wrong check digit (9 is right)
            "11010519491231002Y", // not a check character
            "110105194912310021", // X expected
            "340104199002301238", // 30 February, check digit right
            "340104203001011238", // born in 2030, check digit right
            "910105194912310029", // no province 91, check digit right
            "000105194912310020"})
    void anInvalidIdNumberIsNotFound(String number) {
        assertThat(scanner.scan("身份证号：" + number + "。")).isEmpty();
    }

    @Test
    void aLegacyFifteenDigitNumberNeedsAValidDateAndCanBeTurnedOff() {
        assertThat(scanner.scan("旧证号340104900101123")).extracting(Finding::kind, Finding::masked, Finding::position)
                .containsExactly(tuple(Kind.ID_CARD, "3401*******1123", 4));
        assertThat(scanner.scan("旧证号340104901301123")).isEmpty();
        assertThat(new PersonalDataScanner(false, MARCH_2026).scan("旧证号340104900101123")).isEmpty();
    }

    @Test
    void numbersInsideLongerDigitRunsAreNotFound() {
        assertThat(scanner.scan("订单号1340104199001011239")).isEmpty();
        assertThat(scanner.scan("订单号3401041990010112390")).isEmpty();
        assertThat(scanner.scan("订单号202613800138000")).isEmpty();
        assertThat(scanner.scan("流水号138001380001")).isEmpty();
        assertThat(scanner.scan("编号62220212345678940")).isEmpty();
    }

    @Test
    void positionsAreCharacterNumbersInTheText() {
        String text = "联系人张三，身份证号11010519491231002X，手机13800138000。";
        assertThat(scanner.scan(text)).extracting(Finding::kind, Finding::position)
                .containsExactly(tuple(Kind.ID_CARD, 11), tuple(Kind.MOBILE, 32));
        // A character outside the BMP is one character, not two chars.
        assertThat(scanner.scan("\uD840\uDC00电话13800138000")).extracting(Finding::position).containsExactly(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "+8613800138000", "+86 13800138000", "8613800138000", "008613800138000",
            "138 0013 8000", "138-0013-8000", "＋８６１３８００１３８０００"})
    void mobileNumbersAreFoundInTheirUsualForms(String written) {
        assertThat(scanner.scan("手机：" + written + "。")).extracting(Finding::kind, Finding::masked, Finding::position,
                Finding::length).containsExactly(tuple(Kind.MOBILE, "138****8000", 4, written.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12800138000", "1380013800", "23800138000"})
    void whatIsNotAMobileNumberIsNotFound(String written) {
        assertThat(scanner.scan("号码" + written + "。")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6222021234567894", "6222 0212 3456 7894", "6222-0212-3456-7894", "4111111111111111"})
    void luhnValidCardsAreFound(String written) {
        String digits = written.replaceAll("[ -]", "");
        assertThat(scanner.scan("卡号" + written)).extracting(Finding::kind, Finding::masked, Finding::position)
                .containsExactly(tuple(Kind.BANK_CARD, digits.substring(0, 4) + "********" + digits.substring(12), 3));
    }

    @Test
    void nineteenDigitCardsAreFoundWholeOrGrouped() {
        assertThat(scanner.scan("卡号6212261202000000001")).extracting(Finding::masked)
                .containsExactly("6212***********0001");
        assertThat(scanner.scan("卡号6212 2612 0200 0000 001")).extracting(Finding::masked)
                .containsExactly("6212***********0001");
        assertThat(scanner.scan("卡号622202123456789012")).extracting(Finding::kind).containsExactly(Kind.BANK_CARD);
    }

    // The two starting with 9 and 1 pass Luhn: only the issuer ranges keep them out.
    @ParameterizedTest
    @ValueSource(strings = {"6222021234567895", "6222 0212 3456 7895", "9222021234567898", "1222021234567895",
            "6222 0212 3456 7894 5678"})
    void luhnInvalidOrImplausibleCardsAreNotFound(String written) {
        assertThat(scanner.scan("卡号" + written + "。")).isEmpty();
    }

    @Test
    void anIdNumberThatAlsoPassesLuhnIsReportedOnceAsAnIdNumber() {
        assertThat(PersonalDataScanner.luhn("440306200002291255")).isTrue();
        assertThat(scanner.scan("440306200002291255")).extracting(Finding::kind).containsExactly(Kind.ID_CARD);
    }

    @Test
    void numbersSplitByInlineTagsAreFoundButNotAcrossParagraphs() {
        assertThat(scanner.scanHtml("<p>身份证号1101<b>0519491231</b>002X</p>"))
                .extracting(Finding::kind, Finding::masked, Finding::position)
                .containsExactly(tuple(Kind.ID_CARD, "1101**********002X", 5));
        assertThat(scanner.scanHtml("<p>电话<a href=\"/x\">138</a>0013<span>8000</span></p>"))
                .extracting(Finding::masked).containsExactly("138****8000");
        assertThat(scanner.scanHtml("<p>1101051949</p><p>1231002X</p>")).isEmpty();
        assertThat(scanner.scanHtml("<td>138001</td><td>38000</td>")).isEmpty();
        assertThat(scanner.scanHtml("电话138<br>00138000")).isEmpty();
        assertThat(scanner.scanHtml("身份证号1101051949<div>1231002X</div>")).isEmpty();
    }

    @Test
    void entitiesAreDecodedAndScriptsAreNotText() {
        assertThat(scanner.scanHtml("<p>&#49;3800138000&nbsp;</p>")).extracting(Finding::masked)
                .containsExactly("138****8000");
        assertThat(scanner.scanHtml("<script>var t='13800138000'</script><p>无</p>")).isEmpty();
    }

    @Test
    void aFindingNeverHoldsTheWholeNumber() {
        assertThat(scanner.scan("11010519491231002X 13800138000 6222021234567894"))
                .hasSize(3)
                .allSatisfy(finding -> assertThat(finding.toString()).doesNotContain("11010519491231002X",
                        "13800138000", "6222021234567894", "0519491231", "0013", "02123456"));
    }

    @Test
    void checksumsAreComputedAsSpecified() {
        assertThat(PersonalDataScanner.luhn("79927398713")).isTrue();
        assertThat(PersonalDataScanner.luhn("79927398710")).isFalse();
        assertThat(PersonalDataScanner.isIdNumber("11010519491231002X", LocalDate.of(2026, 3, 1)))
                .isTrue();
        assertThat(PersonalDataScanner.isIdNumber("11010519491231002X", LocalDate.of(1949, 12, 30)))
                .as("born after today").isFalse();
    }

    @Test
    void textWithoutElevenDigitsInARunIsNotSearchedAndAnyNumberFormKeepsTheSearch() {
        assertThat(PersonalDataScanner.mayHoldNumber("2026年3月1日，阜信发〔2026〕3号，金额 1,234,567.89 元，电话 2345678"))
                .isFalse();
        for (String written : new String[] {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
                "6222 0212 3456 7890 128", "11010519491231002X"}) {
            assertThat(PersonalDataScanner.mayHoldNumber(written)).as(written).isTrue();
        }
        assertThat(scanner.scan("联系电话：１３８ ００１３ ８０００。")).extracting(Finding::kind)
                .containsExactly(Kind.MOBILE);
    }
}
