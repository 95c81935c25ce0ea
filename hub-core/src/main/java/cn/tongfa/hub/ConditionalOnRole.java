package cn.tongfa.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Registers a bean or configuration only when {@code tongfa.roles} includes the role (all roles by default). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(ConditionalOnRole.OnRole.class)
public @interface ConditionalOnRole {

    String value();

    final class OnRole implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String role = (String) metadata.getAnnotationAttributes(ConditionalOnRole.class.getName()).get("value");
            List<String> roles = Binder.get(context.getEnvironment())
                    .bind("tongfa.roles", Bindable.listOf(String.class))
                    .orElse(List.copyOf(HubSettings.KNOWN_ROLES));
            return roles.contains(role);
        }
    }
}
