package cn.tongfa.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongfa.connector.portal.PortalSettings;
import cn.tongfa.hub.agency.Agency;

class PortalPagesConfigurationTest {

    @Test
    void everyCategoryOfAnAgencyIsAColumnAfterThePortalsOwn() {
        PortalSettings.Column policies = new PortalSettings.Column("政策法规", "zcfg");
        PortalSettings bound = new PortalSettings(Path.of("/srv/portal"), null, 10, null,
                Map.of("sfj", new PortalSettings.AgencyPortal(Path.of("/etc/sfj"), List.of(policies))));
        List<Agency> agencies = List.of(
                new Agency("sfj", "某市司法局", "X", List.of("portal"), List.of(), List.of("机构职能", "政策法规"), null),
                new Agency("xfj", "某市信访局", "Y", List.of("portal"), List.of(), List.of("业务工作"), null));

        PortalSettings merged = PortalPagesConfiguration.withAgencyColumns(bound, agencies);

        assertThat(merged.agency("sfj").columns()).containsExactly(policies,
                new PortalSettings.Column("机构职能", null));
        assertThat(merged.agency("sfj").templatesDir()).isEqualTo(Path.of("/etc/sfj"));
        assertThat(merged.agency("xfj").columns()).containsExactly(new PortalSettings.Column("业务工作", null));
        assertThat(merged.pageSize()).isEqualTo(10);
        assertThat(merged.root()).isEqualTo(Path.of("/srv/portal"));
    }
}
