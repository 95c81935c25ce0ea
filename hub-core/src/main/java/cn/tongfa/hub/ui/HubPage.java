package cn.tongfa.hub.ui;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page controller of another feature (dead letters, reports, operations) as part of the web UI: its
 * pages get the common header model (the user, formatting, language links) and the UI's readable error pages.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HubPage {
}
