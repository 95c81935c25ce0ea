package cn.tongfa.sandbox.weibo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeiboSimulatorTest {

    @Test
    void aChineseCharacterCountsOneAndTwoAsciiCharactersCountOne() {
        assertThat(WeiboSimulator.weiboLength("通".repeat(140))).isEqualTo(140);
        assertThat(WeiboSimulator.weiboLength("通".repeat(141))).isEqualTo(141);
        assertThat(WeiboSimulator.weiboLength("a".repeat(280))).isEqualTo(140);
        assertThat(WeiboSimulator.weiboLength("a".repeat(281))).isEqualTo(141);
        assertThat(WeiboSimulator.weiboLength("通a")).isEqualTo(2);
    }
}
