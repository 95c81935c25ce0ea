package cn.tongfa.hub.agency;

import java.util.List;
import java.util.Set;

/** The roles of API.md. A user holds roles within one agency; an ADMIN without agency is a city administrator. */
public final class Roles {

    /** 信息员: writes items and submits them for review. */
    public static final String EDITOR = "EDITOR";
    /** 审核 (科室负责人初审/复核): a review step. */
    public static final String REVIEWER = "REVIEWER";
    /** 签发 (分管领导): the approving step; publishes approved items. */
    public static final String APPROVER = "APPROVER";
    /** 运维: watches deliveries and retries failed ones. */
    public static final String OPERATOR = "OPERATOR";
    /** 管理员: manages users and sees the audit log. */
    public static final String ADMIN = "ADMIN";

    public static final List<String> ALL = List.of(EDITOR, REVIEWER, APPROVER, OPERATOR, ADMIN);
    public static final Set<String> REVIEW_ROLES = Set.of(REVIEWER, APPROVER);

    private Roles() {
    }

    public static String label(String role) {
        return switch (role) {
            case EDITOR -> "信息员";
            case REVIEWER -> "审核";
            case APPROVER -> "签发";
            case OPERATOR -> "运维";
            case ADMIN -> "管理员";
            default -> role;
        };
    }
}
