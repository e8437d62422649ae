package dev.millrace.platform.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In embedded mode, points the Camunda Spring starter's client at the engine this process runs,
 * before any bean reads {@code camunda.client.*}. A configured port of 0 is resolved to a free port
 * here, once, so the engine and the client agree on it.
 *
 * <p>Deliberately free of engine classes: it runs in remote mode too, where the engine jar may be
 * absent.
 */
public class EmbeddedEngineAddress implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "millraceEmbeddedEngine";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    String mode = env.getProperty("millrace.engine.mode", "embedded");
    if (!"embedded".equalsIgnoreCase(mode) || env.getPropertySources().contains(SOURCE)) {
      return;
    }
    String host = env.getProperty("millrace.engine.host", "127.0.0.1");
    int port = env.getProperty("millrace.engine.grpc-port", Integer.class, 26500);
    if (port == 0) {
      port = freePort(host);
    }
    String clientHost = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                SOURCE,
                Map.of(
                    "millrace.engine.grpc-port",
                    port,
                    "camunda.client.mode",
                    "self-managed",
                    "camunda.client.auth.method",
                    "none",
                    "camunda.client.grpc-address",
                    "http://" + clientHost + ":" + port,
                    "camunda.client.prefer-rest-over-grpc",
                    false,
                    // Plaintext gRPC on loopback to our own engine is intended; the client would
                    // warn that its (empty) credentials are not confidential.
                    "logging.level.io.camunda.client.impl.CamundaCallCredentials",
                    "error")));
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for the embedded engine", e);
    }
  }

  /**
   * Right after the configuration files are read (so their settings count) and before the starter's
   * own post-processor reads {@code camunda.client.*}.
   */
  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }
}
