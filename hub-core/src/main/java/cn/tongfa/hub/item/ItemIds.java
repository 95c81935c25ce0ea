package cn.tongfa.hub.item;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Item ids: 16 lowercase base-36 characters, time-ordered (so ids sort by creation and index well) and
 * random in their tail (so they cannot be guessed). They appear in portal URLs, hence no upper case.
 */
final class ItemIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ItemIds() {
    }

    static String next(Clock clock) {
        String time = Long.toString(clock.millis(), 36);
        StringBuilder id = new StringBuilder(16);
        for (int i = time.length(); i < 9; i++) {
            id.append('0');
        }
        id.append(time);
        while (id.length() < 16) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return id.toString();
    }
}
