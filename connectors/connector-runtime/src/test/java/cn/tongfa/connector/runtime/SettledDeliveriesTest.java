package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import cn.tongfa.connector.api.DeliveryOutcome;

class SettledDeliveriesTest {

    @Test
    void findsEveryKeyPutThroughGrowthAndRemovals() {
        SettledDeliveries table = new SettledDeliveries();
        Map<String, Integer> expected = new HashMap<>();
        Random random = new Random(8);
        for (int i = 0; i < 50_000; i++) {
            String key = DeliveryStateStore.key("wechat", "item-" + i, 1 + i % 3, i % 7 == 0 ? "WITHDRAW" : "PUBLISH");
            table.put(key, i, i % 7 == 0 ? DeliveryOutcome.WITHDRAWN : DeliveryOutcome.DELIVERED, i % 6);
            expected.put(key, i);
            if (random.nextInt(4) == 0) {
                String gone = expected.keySet().iterator().next();
                table.remove(gone);
                expected.remove(gone);
            }
        }

        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((key, i) -> {
            SettledDeliveries.Entry entry = table.get(key);
            assertThat(entry).as(key).isNotNull();
            assertThat(entry.offset()).isEqualTo(i.longValue());
            assertThat(entry.outcome()).isEqualTo(i % 7 == 0 ? DeliveryOutcome.WITHDRAWN : DeliveryOutcome.DELIVERED);
            assertThat(entry.attempts()).isEqualTo(i % 6);
        });
        assertThat(table.get(DeliveryStateStore.key("wechat", "item-0", 2, "PUBLISH"))).isNull();
    }

    @Test
    void aKeyPutAgainIsOverwrittenNotAdded() {
        SettledDeliveries table = new SettledDeliveries();
        String key = DeliveryStateStore.key("portal", "item-1", 1, "PUBLISH");
        table.put(key, 3, DeliveryOutcome.DELIVERED, 1);
        table.put(key, 9, DeliveryOutcome.DELIVERED, 2);

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get(key)).isEqualTo(new SettledDeliveries.Entry(9, DeliveryOutcome.DELIVERED, 2));
        assertThat(table.get(key).state().settled()).isTrue();
    }
}
