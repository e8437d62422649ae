package dev.millrace.platform.web;

import dev.millrace.platform.tenants.ApiKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Stateless API-key security: {@code /api/**} needs a key; health, info, Prometheus metrics and the
 * OpenAPI documents are open; the other actuator endpoints need an admin key. No sessions, no CSRF
 * (no cookies are ever issued), no login page.
 */
@Configuration
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, ApiKeys keys, ProblemResponses problems)
      throws Exception {
    return http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            rules ->
                rules
                    .requestMatchers("/api/**")
                    .authenticated()
                    .requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/info",
                        "/actuator/prometheus")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .permitAll())
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, e) -> {
                          response.setHeader(
                              HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"millrace\"");
                          problems.write(
                              response,
                              Problems.of(
                                  HttpStatus.UNAUTHORIZED,
                                  "unauthenticated",
                                  "An API key is required: 'Authorization: Bearer <API key>'"));
                        })
                    .accessDeniedHandler(
                        (request, response, e) ->
                            problems.write(
                                response,
                                Problems.of(
                                    HttpStatus.FORBIDDEN, "forbidden", "This needs an admin key"))))
        .build();
  }
}
