package dev.millrace.platform.engine;

import dev.millrace.engine.MillraceEngine;
import dev.millrace.platform.PlatformProperties;
import dev.millrace.platform.processes.ProcessHistory;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded engine: with the {@link HistoryExporter} it creates, the only code in the platform
 * that references {@code dev.millrace.engine}. Spring reads this class's annotations without
 * loading it, so in remote mode no engine class is ever loaded and the engine jar may be left out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "millrace.engine.mode",
    havingValue = "embedded",
    matchIfMissing = true)
class EmbeddedEngineConfiguration {

  static final String ENGINE_BEAN = "millraceEngine";

  /**
   * Recovers the engine's state from {@code <data-dir>/engine} and starts its gRPC gateway. Its
   * records flow into the process history ({@link HistoryExporter}).
   */
  @Bean(name = ENGINE_BEAN, destroyMethod = "close")
  MillraceEngine millraceEngine(
      EngineProperties engine,
      PlatformProperties platform,
      MeterRegistry meters,
      ProcessHistory history) {
    return MillraceEngine.builder()
        .dataDirectory(platform.dataDir().resolve("engine"))
        .host(engine.host())
        .grpcPort(engine.grpcPort())
        .meterRegistry(meters)
        .exporter(HistoryExporter.ID, new HistoryExporter(history))
        .build()
        .start();
  }

  @Bean
  HealthIndicator engineHealthIndicator(MillraceEngine engine) {
    return () ->
        (engine.isHealthy() ? Health.up() : Health.down())
            .withDetail("mode", "embedded")
            .withDetail("grpcAddress", engine.grpcAddress().toString())
            .build();
  }

  /**
   * The starter's client is created after the engine and closed before it, so workers never poll a
   * gateway that is not up yet or already gone.
   */
  @Bean
  static BeanFactoryPostProcessor camundaClientAfterEngine() {
    return factory -> {
      for (String name : factory.getBeanNamesForType(CamundaClient.class, true, false)) {
        BeanDefinition definition = factory.getBeanDefinition(name);
        Set<String> dependsOn = new LinkedHashSet<>();
        if (definition.getDependsOn() != null) {
          dependsOn.addAll(Arrays.asList(definition.getDependsOn()));
        }
        dependsOn.add(ENGINE_BEAN);
        definition.setDependsOn(dependsOn.toArray(String[]::new));
      }
    };
  }
}
