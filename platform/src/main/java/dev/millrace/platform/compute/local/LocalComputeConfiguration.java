package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.PlatformProperties;
import dev.millrace.platform.tenants.ApiKeys;
import dev.millrace.workers.compute.TrainingObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The local compute backend as the platform's {@link dev.millrace.workers.compute.ComputeBackend}
 * ({@code millrace.compute.backend=local}, the default), its router at {@code /endpoints/**} (see
 * {@link EndpointRouterController}) and its {@link ServiceToken}.
 *
 * <p>It calls, when the platform defines them, a {@link TrainingObserver} bean (the training
 * feature) and {@link EndpointListener} beans (the deployments feature). They are looked up at each
 * call, not injected, so that they may themselves depend on the {@code ComputeBackend}; without an
 * observer, training outcomes are only logged. API keys presented to public endpoints are checked
 * by the tenants feature's {@link ApiKeys}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "millrace.compute.backend",
    havingValue = "local",
    matchIfMissing = true)
@EnableConfigurationProperties(LocalComputeProperties.class)
public class LocalComputeConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LocalComputeConfiguration.class);

  private final AtomicInteger httpPort = new AtomicInteger(8080);

  @Bean(destroyMethod = "close")
  LocalComputeBackend localComputeBackend(
      LocalComputeProperties settings,
      PlatformProperties platform,
      ObjectProvider<TrainingObserver> observer,
      ObjectProvider<EndpointListener> listeners,
      ApiKeyVerifier apiKeys,
      ObjectMapper json,
      MeterRegistry registry,
      ObjectProvider<Clock> clock) {
    TrainingObserver logging = new LoggingTrainingObserver();
    return new LocalComputeBackend(
        settings,
        platform.dataDir(),
        new LateTrainingObserver(() -> observer.getIfAvailable(() -> logging)),
        status -> listeners.orderedStream().forEach(listener -> listener.endpointChanged(status)),
        apiKeys,
        json,
        registry,
        clock.getIfAvailable(Clock::systemUTC),
        () ->
            settings.getRouterBaseUrl() != null
                ? settings.getRouterBaseUrl().replaceAll("/+$", "")
                : "http://127.0.0.1:" + httpPort.get());
  }

  @Bean
  ServiceToken serviceToken(LocalComputeBackend backend) {
    return backend.serviceToken();
  }

  /** The router's callers hold the service token or an API key: the router checks them. */
  @Bean
  @ConditionalOnMissingBean
  ApiKeyVerifier apiKeyVerifier(ApiKeys keys) {
    return presented ->
        keys.authenticate(presented)
            .map(
                caller ->
                    new ApiKeyVerifier.KeyHolder(
                        caller.keyId().toString(),
                        caller.tenantId() == null ? null : caller.tenantId().toString()));
  }

  /**
   * Ahead of the API's chain: on {@code /endpoints/**} the router authorises (a service token is no
   * API key, and the API's filter would refuse it), with no session, CSRF or login either.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityFilterChain endpointRoutes(HttpSecurity http) throws Exception {
    return http.securityMatcher(EndpointRouter.PREFIX + "/**")
        .csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
        .build();
  }

  @EventListener
  void webServerStarted(WebServerInitializedEvent event) {
    httpPort.set(event.getWebServer().getPort());
  }

  /** The observer bean as it is when the backend reports, so that it may depend on the backend. */
  record LateTrainingObserver(Supplier<TrainingObserver> current) implements TrainingObserver {

    @Override
    public void started(String runId, Map<String, Object> details) {
      current.get().started(runId, details);
    }

    @Override
    public void epoch(String runId, Map<String, Object> metrics) {
      current.get().epoch(runId, metrics);
    }

    @Override
    public void succeeded(
        String runId, Path artifactDir, Map<String, Object> testMetrics, double computeSeconds) {
      current.get().succeeded(runId, artifactDir, testMetrics, computeSeconds);
    }

    @Override
    public void failed(String runId, String message, double computeSeconds) {
      current.get().failed(runId, message, computeSeconds);
    }

    @Override
    public void cancelled(String runId, double computeSeconds) {
      current.get().cancelled(runId, computeSeconds);
    }
  }

  /** Until the training feature provides an observer: outcomes go to the log. */
  static final class LoggingTrainingObserver implements TrainingObserver {

    @Override
    public void started(String runId, Map<String, Object> details) {
      log.warn("no TrainingObserver bean: training {} is only logged", runId);
      log.info("training {} started: {}", runId, details);
    }

    @Override
    public void epoch(String runId, Map<String, Object> metrics) {
      log.info("training {} epoch: {}", runId, metrics);
    }

    @Override
    public void succeeded(
        String runId, Path artifactDir, Map<String, Object> testMetrics, double computeSeconds) {
      log.info(
          "training {} succeeded: {} {} ({} s)", runId, artifactDir, testMetrics, computeSeconds);
    }

    @Override
    public void failed(String runId, String message, double computeSeconds) {
      log.warn("training {} failed: {} ({} s)", runId, message, computeSeconds);
    }

    @Override
    public void cancelled(String runId, double computeSeconds) {
      log.info("training {} cancelled ({} s)", runId, computeSeconds);
    }
  }
}
