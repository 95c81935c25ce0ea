package cn.tongfa.hub.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortalAddressTest {

    @Test
    void addressFollowsThePublicationDayInTheHubsZone() {
        // 2026-02-28T17:30Z is already 1 March in Beijing.
        PortalAddress address = PortalAddress.of("https://www.example.gov.cn/", "fy-xfj", "0abc", 
                Instant.parse("2026-02-28T17:30:00Z"), ZoneId.of("Asia/Shanghai"));
        assertThat(address.path()).isEqualTo("fy-xfj/202603/t20260301_0abc.html");
        assertThat(address.url()).isEqualTo("https://www.example.gov.cn/fy-xfj/202603/t20260301_0abc.html");
    }

    @Test
    void itemIdsAreLowercaseTimeOrderedAndUnique() {
        Clock early = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Clock late = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ItemIds.next(early);
            assertThat(id).matches("[0-9a-z]{16}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
        assertThat(ItemIds.next(late)).isGreaterThan(ItemIds.next(early));
    }
}
