package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.tongfa.hub.content.SensitiveWords.Match;

class SensitiveWordsTest {

    private final SensitiveWords words = SensitiveWords.of(List.of("法轮功", "台独", "独立", "Gamble", "ass"));

    @Test
    void anEmptyListFindsNothing() {
        assertThat(SensitiveWords.of(List.of()).find("法轮功")).isEmpty();
        assertThat(SensitiveWords.of(Arrays.asList(" ", null, "**")).isEmpty()).isTrue();
    }

    @Test
    void plainMatchesCarryWordAndPosition() {
        assertThat(words.find("某地发现法轮功传单")).extracting(Match::word, Match::matched, Match::position)
                .containsExactly(tuple("法轮功", "法轮功", 5));
    }

    @Test
    void everyOccurrenceIsReported() {
        assertThat(words.find("台独，台独")).extracting(Match::position).containsExactly(1, 4);
    }

    @Test
    void overlappingWordsAreBothReported() {
        assertThat(words.find("反对台独立场")).extracting(Match::word, Match::position)
                .containsExactly(tuple("台独", 3), tuple("独立", 4));
    }

    @Test
    void latinLettersIgnoreCaseAndWidth() {
        assertThat(words.find("no GAMBLE here")).extracting(Match::word, Match::matched)
                .containsExactly(tuple("Gamble", "GAMBLE"));
        assertThat(words.find("ｇａｍｂｌｅ")).extracting(Match::word).containsExactly("Gamble");
    }

    @Test
    void latinWordsMatchOnlyAsWholeWords() {
        assertThat(words.find("first class passengers")).isEmpty();
        assertThat(words.find("gambler")).isEmpty();
        assertThat(words.find("赌博gamble网站")).extracting(Match::word).containsExactly("Gamble");
    }

    @Test
    void fillerInsertedBetweenCharactersIsSkipped() {
        assertThat(words.find("法 轮 功")).extracting(Match::matched, Match::position)
                .containsExactly(tuple("法 轮 功", 1));
        assertThat(words.find("这是法*轮*功和法．轮．功")).extracting(Match::matched)
                .containsExactly("法*轮*功", "法．轮．功");
        assertThat(words.find("法\u3000轮\u200b功")).hasSize(1);
        assertThat(words.find("g-a-m-b-l-e")).extracting(Match::word).containsExactly("Gamble");
    }

    @Test
    void sentencePunctuationAndLineBreaksSeparateWords() {
        assertThat(words.find("方法轮换")).extracting(Match::word).isEmpty();
        assertThat(SensitiveWords.of(List.of("法轮")).find("方法，轮流")).isEmpty();
        assertThat(SensitiveWords.of(List.of("法轮")).find("方法\n轮流")).isEmpty();
        assertThat(SensitiveWords.of(List.of("法轮")).find("方法轮流")).hasSize(1);
    }

    @Test
    void wordsAreNormalisedLikeTheTextAndDuplicatesCollapse() {
        SensitiveWords list = SensitiveWords.of(List.of(" 法 轮 功 ", "法轮功", "GAMBLE", "gamble"));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.find("法轮功")).extracting(Match::word).containsExactly("法 轮 功");
    }
}
