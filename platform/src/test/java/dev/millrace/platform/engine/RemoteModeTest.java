package dev.millrace.platform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.engine.MillraceEngine;
import dev.millrace.platform.MillraceApplication;
import dev.millrace.platform.testing.Api;
import io.camunda.client.CamundaClient;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code millrace.engine.mode=remote}: the platform runs in a child JVM whose class path lacks the
 * engine jar, against an engine started separately (here, in the test's JVM), and still starts,
 * reports UP and deploys its process models there.
 */
class RemoteModeTest {

  private static final String REMOTE_MODEL =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                        id="remote-check-definitions" targetNamespace="https://millrace.dev/test">
        <bpmn:process id="remote-check" isExecutable="true">
          <bpmn:startEvent id="start"/>
          <bpmn:sequenceFlow id="flow" sourceRef="start" targetRef="end"/>
          <bpmn:endEvent id="end"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  @TempDir Path dir;

  @Test
  void thePlatformRunsWithoutTheEngineOnItsClassPath() throws Exception {
    Files.createDirectories(dir.resolve("models/bpmn"));
    Files.writeString(dir.resolve("models/bpmn/remote-check.bpmn"), REMOTE_MODEL);

    try (MillraceEngine engine =
            MillraceEngine.builder()
                .dataDirectory(dir.resolve("engine"))
                .grpcPort(0)
                .build()
                .start();
        CamundaClient client =
            CamundaClient.newClientBuilder()
                .grpcAddress(engine.grpcAddress())
                .preferRestOverGrpc(false)
                .build()) {
      List<String> classPath = classPathWithoutEngine();
      classPath.add(dir.resolve("models").toString());
      int port = freePort();
      Path log = dir.resolve("platform.log");
      Process platform =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xlog:class+load=info:file=" + dir.resolve("classes.log"),
                  "-cp",
                  String.join(File.pathSeparator, classPath),
                  MillraceApplication.class.getName(),
                  "--server.port=" + port,
                  "--millrace.engine.mode=remote",
                  "--millrace.data-dir=" + dir.resolve("data"),
                  "--millrace.bootstrap-api-key=" + Api.ADMIN_KEY,
                  "--camunda.client.grpc-address=" + engine.grpcAddress(),
                  "--camunda.client.prefer-rest-over-grpc=false",
                  "--camunda.client.auth.method=none")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        JsonNode health = awaitHealth(platform, port, log);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camundaClient/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/engine").isMissingNode())
            .as("no embedded engine health in remote mode")
            .isTrue();

        var instance =
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("remote-check")
                .latestVersion()
                .withResult()
                .send()
                .join();
        assertThat(instance.getBpmnProcessId()).isEqualTo("remote-check");

        HttpResponse<String> history = get(port, "/api/v1/process-instances");
        assertThat(history.statusCode()).as("history without the embedded engine").isEqualTo(501);
        assertThat(new ObjectMapper().readTree(history.body()).get("type").asText())
            .endsWith("history-unavailable");
      } finally {
        platform.destroy();
        platform.waitFor();
      }
      assertThat(Files.readAllLines(dir.resolve("classes.log")))
          .as("classes the platform loaded")
          .isNotEmpty()
          .noneMatch(line -> line.contains(" dev.millrace.engine."));
    }
  }

  /** The test class path minus the engine (jar or classes) and this module's test classes. */
  private static List<String> classPathWithoutEngine() {
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String normalized = entry.replace('\\', '/');
      String name = Path.of(entry).getFileName().toString();
      boolean engine =
          normalized.endsWith("/engine/target/classes")
              || (name.startsWith("millrace-engine")
                  && !name.startsWith("millrace-engine-workers"));
      boolean tests = normalized.endsWith("/platform/target/test-classes");
      (engine || tests ? removed : kept).add(entry);
    }
    assertThat(removed)
        .as("the engine was on the test class path")
        .anyMatch(e -> !e.endsWith("test-classes"));
    assertThat(kept).anyMatch(e -> e.replace('\\', '/').endsWith("/platform/target/classes"));
    return kept;
  }

  private static JsonNode awaitHealth(Process platform, int port, Path log) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .header("Authorization", "Bearer " + Api.ADMIN_KEY)
            .timeout(Duration.ofSeconds(10))
            .build();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        if (!platform.isAlive()) {
          throw new AssertionError("the platform exited early:\n" + tail(log));
        }
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            return new ObjectMapper().readTree(response.body());
          }
        } catch (ConnectException notYet) {
          // still starting
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the platform did not report UP in time:\n" + tail(log));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + Api.ADMIN_KEY)
            .timeout(Duration.ofSeconds(10))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
