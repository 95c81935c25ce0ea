package cn.tongfa.hub.security;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Two doors. {@code /api/**}: stateless, HTTP Basic or an API token, no cookies, so no CSRF. Everything
 * else (the web UI): form login with a session and CSRF protection; {@code /media/**} accepts either. Open to
 * all: health, metrics, the public portal pages and media, static assets, the login page, the channels'
 * callbacks (which check their own signatures) and, in the embedded default, the sandbox.
 */
@Configuration
class SecurityConfiguration {

    private static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/portal/**", "/media/**", "/sandbox/**", "/callbacks/**", "/error", "/login", "/webjars/**", "/css/**",
            "/js/**", "/img/**", "/favicon.ico", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    PasswordEncoder passwordEncoder() {
        // Delegating: stores {bcrypt}… today and can move to a stronger scheme without breaking old hashes.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(UserRepository users) {
        return username -> users.find(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    /**
     * The actuator: health and metrics stay open to probes and Prometheus, and a caller may sign in as on the API
     * (HTTP Basic or an API token) to see the health details (management.endpoint.health.show-details), such as
     * which channel account of which agency has a problem.
     */
    @Bean
    @Order(0)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler deniedHandler, ApiTokens tokens) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new BearerTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler deniedHandler, ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new BearerTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Called with Basic credentials or tokens, never with the UI's session cookie.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * {@code /media/**}: open to all (the controller decides by the file's publicity and the URL's signature), and
     * a caller may be signed in as on the API or the UI, so that an agency's users see its drafts' files. No
     * session is created for an anonymous reader.
     */
    @Bean
    @Order(2)
    SecurityFilterChain mediaSecurity(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler deniedHandler, ApiTokens tokens) throws Exception {
        http.securityMatcher("/media/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new BearerTokenFilter(tokens, entryPoint), BasicAuthenticationFilter.class)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain uiSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                // The simulators are driven by tests and scripts; they hold nothing of value. Channel callbacks
                // come from the channel's servers and are authenticated by their own signatures.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/sandbox/**", "/callbacks/**"));
        return http.build();
    }

    @Bean
    WebMvcConfigurer hubUserArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new HubUserArgumentResolver());
            }
        };
    }
}
