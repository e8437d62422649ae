package dev.millrace.platform.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the platform reaches its process engine (prefix {@code millrace.engine}).
 *
 * @param mode {@code embedded}: run Millrace's engine in this process (the default); {@code
 *     remote}: use the Zeebe gateway the standard {@code camunda.client.*} properties name
 * @param host embedded only: the interface the engine's gRPC gateway listens on
 * @param grpcPort embedded only: its port; 0 picks a free one
 * @param deployOnStart deploy every {@code classpath*:bpmn/*.bpmn} at start-up (both modes)
 */
@ConfigurationProperties("millrace.engine")
public record EngineProperties(
    @DefaultValue("embedded") Mode mode,
    @DefaultValue("127.0.0.1") String host,
    @DefaultValue("26500") int grpcPort,
    @DefaultValue("true") boolean deployOnStart) {

  public enum Mode {
    EMBEDDED,
    REMOTE
  }
}
