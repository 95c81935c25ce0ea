package cn.tongfa.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.junit.jupiter.api.Test;

class AgencyPropertiesTest {

    @Test
    void defaultsFillChannelsCategoriesAndOrgCode() {
        Agency agency = new AgencyProperties(List.of(new AgencyProperties.Entry("demo", "示范局", null, null, null,
                null, null))).validated().get(0);
        assertThat(agency.channels()).containsExactly("portal", "disclosure", "wechat", "weibo");
        assertThat(agency.categories()).contains("业务工作");
        assertThat(agency.orgCode()).isEqualTo("demo");
        assertThat(agency.reviewChain()).isEmpty();
        assertThat(agency.indexNo(2026, 42)).isEqualTo("demo/2026-00042");
    }

    @Test
    void theIndexPatternMakesTheIndexNumbersAndABadOneNamesTheKey() {
        Agency agency = new AgencyProperties(List.of(new AgencyProperties.Entry("demo", "示范局", "11340000MB1234567X",
                null, null, null, "{orgCode}-{year}-ZW-{seq:4}"))).validated().get(0);
        assertThat(agency.indexNo(2026, 7)).isEqualTo("11340000MB1234567X-2026-ZW-0007");
        assertThat(agency.indexNo(2026, 123456)).isEqualTo("11340000MB1234567X-2026-ZW-123456");

        for (String bad : List.of("{orgCode}/{seq}", "{orgCode}/{year}", "{orgCode}/{year} {seq}",
                "{orgCode}//{year}-{seq}")) {
            assertThatIllegalStateException().as(bad)
                    .isThrownBy(() -> new AgencyProperties(List.of(new AgencyProperties.Entry("demo", "示范局", null,
                            null, null, null, bad))).validated())
                    .withMessageContaining("tongfa.agencies[0].index-pattern");
        }
    }

    @Test
    void anUnknownChannelNamesTheKey() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new AgencyProperties(List.of(
                        new AgencyProperties.Entry("demo", "示范局", null, List.of("portal", "fax"), null, null, null)))
                        .validated())
                .withMessageContaining("tongfa.agencies[0].channels[1]").withMessageContaining("fax");
    }

    @Test
    void duplicateIdsAndMissingNamesAreRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new AgencyProperties(List.of(
                        new AgencyProperties.Entry("a", "甲", null, null, null, null, null),
                        new AgencyProperties.Entry("a", "乙", null, null, null, null, null))).validated())
                .withMessageContaining("tongfa.agencies[1].id");
        assertThatIllegalStateException()
                .isThrownBy(() -> new AgencyProperties(List.of(
                        new AgencyProperties.Entry("a", " ", null, null, null, null, null))).validated())
                .withMessageContaining("tongfa.agencies[0].name");
    }
}
