package cn.tongfa.hub.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.junit.jupiter.api.Test;

class AgencyPropertiesTest {

    @Test
    void defaultsFillChannelsCategoriesAndOrgCode() {
        Agency agency = new AgencyProperties(List.of(new AgencyProperties.Entry("demo", "示范局", null, null, null,
                null))).validated().get(0);
        assertThat(agency.channels()).containsExactly("portal", "disclosure", "wechat", "weibo");
        assertThat(agency.categories()).contains("业务工作");
        assertThat(agency.orgCode()).isEqualTo("demo");
        assertThat(agency.reviewChain()).isEmpty();
    }

    @Test
    void anUnknownChannelNamesTheKey() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new AgencyProperties(List.of(
                        new AgencyProperties.Entry("demo", "示范局", null, List.of("portal", "fax"), null, null)))
                        .validated())
                .withMessageContaining("tongfa.agencies[0].channels[1]").withMessageContaining("fax");
    }

    @Test
    void duplicateIdsAndMissingNamesAreRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new AgencyProperties(List.of(
                        new AgencyProperties.Entry("a", "甲", null, null, null, null),
                        new AgencyProperties.Entry("a", "乙", null, null, null, null))).validated())
                .withMessageContaining("tongfa.agencies[1].id");
        assertThatIllegalStateException()
                .isThrownBy(() -> new AgencyProperties(List.of(
                        new AgencyProperties.Entry("a", " ", null, null, null, null))).validated())
                .withMessageContaining("tongfa.agencies[0].name");
    }
}
