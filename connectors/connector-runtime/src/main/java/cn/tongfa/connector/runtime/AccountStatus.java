package cn.tongfa.connector.runtime;

/**
 * What a worker knows of one agency's account on its channel, for health checks and the operators' page.
 *
 * @param state   the verdict
 * @param message the problem (naming the configuration key to fix), or why the channel could not tell; null when
 *                {@link State#OK} or {@link State#CHECKING}
 */
public record AccountStatus(State state, String message) {

    /** The verdicts. */
    public enum State {
        /** The channel accepted the credentials, and nothing went wrong with them since. */
        OK,
        /** The agency cannot be served on this channel: credentials missing or refused, re-authorisation needed. */
        PROBLEM,
        /** The start-up check could not reach the channel; deliveries will tell. */
        UNVERIFIED,
        /** The start-up check has not answered yet. */
        CHECKING
    }
}
