package cn.tongfa.hub.review;

import java.time.Instant;

/**
 * One step of an item's history: a submission, an approval or rejection at a review step, publication,
 * withdrawal.
 *
 * @param version  the item version decided on
 * @param step     index of the review step (0-based) for approvals and rejections, else null
 * @param stepRole the role of that step (REVIEWER, APPROVER), else null
 * @param decision SUBMITTED, APPROVED, REJECTED, PUBLISHED, SCHEDULED, WITHDRAWN, UPDATED
 * @param actor    who decided
 * @param comment  the comment given, may be null
 * @param at       when
 */
public record Decision(int version, Integer step, String stepRole, String decision, String actor, String comment,
        Instant at) {
}
