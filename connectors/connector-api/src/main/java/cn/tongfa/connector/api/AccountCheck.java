package cn.tongfa.connector.api;

import java.util.Objects;

/**
 * What the channel said when a connector checked an agency's credentials ({@link ChannelConnector#checkAccount}).
 *
 * @param state   the verdict
 * @param message why, for operators: for {@link State#REJECTED} the channel's refusal naming the configuration key
 *                to fix, for {@link State#UNVERIFIED} why the channel could not be asked; null when {@link State#OK}
 */
public record AccountCheck(State state, String message) {

    /** The verdicts. */
    public enum State {
        /** The channel accepted the credentials. */
        OK,
        /** The credentials are missing or the channel refused them: the agency cannot be served on this channel. */
        REJECTED,
        /** The channel could not be asked (unreachable, busy, too slow): nothing is known about the credentials. */
        UNVERIFIED
    }

    public AccountCheck {
        Objects.requireNonNull(state, "state");
        if (state != State.OK && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("a " + state + " check says why");
        }
    }

    public static AccountCheck ok() {
        return new AccountCheck(State.OK, null);
    }

    public static AccountCheck rejected(String problem) {
        return new AccountCheck(State.REJECTED, problem);
    }

    public static AccountCheck unverified(String reason) {
        return new AccountCheck(State.UNVERIFIED, reason);
    }
}
