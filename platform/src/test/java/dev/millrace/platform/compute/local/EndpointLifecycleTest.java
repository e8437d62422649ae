package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's life on real replicas: a platform restart (a new backend given the spec again),
 * shutdown and delete leaving no process, rolling to a new artifact without failed requests, a
 * replica that dies, and replicas that cannot start.
 */
class EndpointLifecycleTest {

  private static final Duration LONG = Duration.ofMinutes(2);

  private Path dataDir = RuntimeFixture.newDirectory("lifecycle");
  private LocalComputeHarness harness = new LocalComputeHarness(dataDir);

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aRestartedPlatformGivenTheSpecsServesAgainAndLeavesNoOrphans() {
    EndpointSpec spec =
        LocalComputeHarness.spec(
            "e-restart", "iris-restart", RuntimeFixture.irisModel(1), "private", "cpu", 80, 2, 2);
    harness.backend.applyEndpoint(spec);
    await().atMost(LONG).until(() -> status("e-restart").readyReplicas() == 2);
    assertThat(harness.infer("e-restart", harness.token()).statusCode()).isEqualTo(200);
    List<Long> before = harness.backend.endpointProcesses("e-restart");
    assertThat(before).hasSize(2).allMatch(RuntimeFixture::alive);
    assertThat(harness.backend.replicaSeconds("e-restart").orElseThrow()).isPositive();

    harness.close();
    assertThat(before).as("replicas drained and gone").noneMatch(RuntimeFixture::alive);

    harness = new LocalComputeHarness(dataDir);
    EndpointStatus applied = harness.backend.applyEndpoint(spec);
    assertThat(applied.state()).isEqualTo("PROVISIONING");
    assertThat(applied.url()).endsWith("/endpoints/iris-restart");
    await().atMost(LONG).until(() -> status("e-restart").readyReplicas() == 2);
    assertThat(harness.infer("e-restart", harness.token()).statusCode()).isEqualTo(200);
    assertThat(harness.backend.applyEndpoint(spec).readyReplicas())
        .as("applying the same spec again changes nothing")
        .isEqualTo(2);
    assertThat(harness.backend.endpointProcesses("e-restart")).hasSize(2);
  }

  @Test
  void deletingStopsTheReplicasAndTheUrlAnswers404() throws Exception {
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec(
            "e-delete", "iris-delete", RuntimeFixture.irisModel(1), "private", "cpu", 80, 1, 1));
    await().atMost(LONG).until(() -> status("e-delete").ready());
    String url = status("e-delete").url();
    List<Long> pids = harness.backend.endpointProcesses("e-delete");

    harness.backend.deleteEndpoint("e-delete");
    harness.backend.deleteEndpoint("e-delete");
    assertThat(pids).noneMatch(RuntimeFixture::alive);
    assertThat(harness.backend.endpointStatus("e-delete")).isEmpty();
    HttpResponse<String> gone =
        harness.send(
            HttpRequest.newBuilder(java.net.URI.create(url + "/v2/health/ready"))
                .header("Authorization", harness.token())
                .build());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(
            harness
                .registry
                .find("millrace.endpoint.replicas")
                .tag("endpoint", "iris-delete")
                .gauges())
        .isEmpty();
  }

  @Test
  void aNewArtifactRollsTheReplicasWithoutFailingRequests() throws Exception {
    EndpointSpec first =
        LocalComputeHarness.spec(
            "e-roll", "iris-roll", RuntimeFixture.irisModel(1), "private", "cpu", 80, 1, 1);
    Path secondModel = RuntimeFixture.irisModel(2);
    harness.backend.applyEndpoint(first);
    await().atMost(LONG).until(() -> status("e-roll").ready());
    String before = artifactServed();
    List<Long> oldPids = harness.backend.endpointProcesses("e-roll");

    try (Load load = new Load(2, 20, () -> harness.infer("e-roll", harness.token()))) {
      harness.backend.applyEndpoint(
          new EndpointSpec(
              first.endpointId(),
              first.tenantId(),
              first.name(),
              secondModel,
              first.visibility(),
              first.computeType(),
              first.computeSize(),
              first.podSize(),
              first.policy(),
              first.target(),
              first.minReplicas(),
              first.maxReplicas()));
      await().atMost(LONG).until(() -> !artifactServed().equals(before));
      await().atMost(LONG).until(() -> oldPids.stream().noneMatch(RuntimeFixture::alive));
      Thread.sleep(300);
      assertThat(load.count(200)).isPositive();
      assertThat(load.total())
          .as("answers during the roll: %s", load.statuses)
          .isEqualTo(load.count(200));
    }
    assertThat(artifactServed())
        .isEqualTo(
            RuntimeFixture.JSON
                .readTree(secondModel.resolve("model-card.json").toFile())
                .path("artifactId")
                .asText());
    assertThat(harness.backend.endpointProcesses("e-roll")).hasSize(1);
  }

  @Test
  void aReplicaThatDiesIsReplaced() {
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec(
            "e-die", "iris-die", RuntimeFixture.irisModel(1), "private", "cpu", 80, 1, 1));
    await().atMost(LONG).until(() -> status("e-die").ready());
    long pid = harness.backend.endpointProcesses("e-die").get(0);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await()
        .atMost(LONG)
        .until(
            () ->
                status("e-die").readyReplicas() == 1
                    && !harness.backend.endpointProcesses("e-die").contains(pid));
    assertThat(harness.infer("e-die", harness.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void replicasThatCannotStartFailTheEndpointWithTheirReason() throws Exception {
    Path broken = dataDir.resolve("broken-model");
    copy(RuntimeFixture.irisModel(1), broken);
    Files.writeString(broken.resolve("model/model-0000.params"), "not weights");
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec("e-broken", "iris-broken", broken, "private", "cpu", 80, 1, 1));
    await().atMost(LONG).until(() -> status("e-broken").state().equals("FAILED"));
    assertThat(status("e-broken").message()).contains("exited with code");
    HttpResponse<String> refused = harness.infer("e-broken", harness.token());
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(RuntimeFixture.JSON.readTree(refused.body()).path("detail").asText())
        .contains("fail to start");
  }

  private String artifactServed() throws IOException {
    HttpResponse<String> metadata =
        harness.send(
            HttpRequest.newBuilder(harness.url("e-roll", "v2/models/iris-roll"))
                .header("Authorization", harness.token())
                .build());
    JsonNode body = RuntimeFixture.JSON.readTree(metadata.body());
    return body.path("parameters").path("artifactId").asText();
  }

  private EndpointStatus status(String id) {
    return harness.backend.endpointStatus(id).orElseThrow();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
