package cn.tongfa.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import cn.tongfa.connector.runtime.EventCodec;

/** Beans shared by the hub's features. */
@Configuration
class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /**
     * Chinese unless the caller asks for English: a {@code lang} parameter (the UI's language switch) sets a
     * cookie that wins from then on; without it, the first of Accept-Language that is English or Chinese.
     * Any other language, or none, gives Chinese.
     */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("TONGFA_LANG") {
            @Override
            public void setLocaleContext(HttpServletRequest request, HttpServletResponse response,
                    LocaleContext context) {
                Locale chosen = context == null ? null : context.getLocale();
                super.setLocaleContext(request, response,
                        chosen == null ? null : new SimpleLocaleContext(supported(chosen)));
            }
        };
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(HubConfiguration::fromAcceptLanguage);
        return resolver;
    }

    @Bean
    WebMvcConfigurer languageSwitch() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
                interceptor.setParamName("lang");
                interceptor.setIgnoreInvalidLocale(true);
                registry.addInterceptor(interceptor);
            }
        };
    }

    private static Locale fromAcceptLanguage(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        for (Locale locale : Collections.list(request.getLocales())) {
            if (locale.getLanguage().equals("en") || locale.getLanguage().equals("zh")) {
                return supported(locale);
            }
        }
        return Locale.SIMPLIFIED_CHINESE;
    }

    private static Locale supported(Locale locale) {
        return locale.getLanguage().equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }
}
