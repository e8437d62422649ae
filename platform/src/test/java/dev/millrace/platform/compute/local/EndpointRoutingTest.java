package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real endpoints (one private, one public) behind the router: forwarding, access control, rate
 * limits, problem responses, metrics, spec validation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointRoutingTest {

  private static final String OWN_KEY = "mr_own-key";
  private static final String LIMITED_KEY = "mr_limited-key";
  private static final String OTHER_TENANT_KEY = "mr_other-tenant-key";

  private LocalComputeHarness harness;
  private Path model;

  @BeforeAll
  void start() {
    model = RuntimeFixture.irisModel(1);
    LocalComputeProperties settings = RuntimeFixture.settings();
    settings.setPublicRequestsPerSecond(0.1);
    settings.setPublicBurst(3);
    harness = new LocalComputeHarness(RuntimeFixture.newDirectory("routing"), settings);
    harness.keys.put(OWN_KEY, new ApiKeyVerifier.KeyHolder("key-1", "tenant-a"));
    harness.keys.put(LIMITED_KEY, new ApiKeyVerifier.KeyHolder("key-2", "tenant-a"));
    harness.keys.put(OTHER_TENANT_KEY, new ApiKeyVerifier.KeyHolder("key-3", "tenant-b"));
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec("e-private", "iris", model, "private", "requests", 100, 1, 1));
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec(
            "e-public", "iris-public", model, "public", "requests", 100, 1, 1));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                harness.backend.endpointStatus("e-private").orElseThrow().ready()
                    && harness.backend.endpointStatus("e-public").orElseThrow().ready());
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  @Test
  void statusNamesTheStableUrlAndTheReplicas() {
    EndpointStatus status = harness.backend.endpointStatus("e-private").orElseThrow();
    assertThat(status.url()).matches("http://127\\.0\\.0\\.1:\\d+/endpoints/iris");
    assertThat(status.state()).isEqualTo("READY");
    assertThat(status.desiredReplicas()).isEqualTo(1);
    assertThat(status.readyReplicas()).isEqualTo(1);
    assertThat(status.recentScalingEvents()).isNotEmpty();
    assertThat(status.recentScalingEvents().get(0).reason()).contains("endpoint applied");
    assertThat(harness.endpointEvents).anyMatch(event -> event.ready());
    assertThat(harness.backend.endpointStatus("nope")).isEmpty();
  }

  @Test
  void privateEndpointAnswersTheServiceTokenOnly() throws Exception {
    HttpResponse<String> ok = harness.infer("e-private", harness.token());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode prediction = RuntimeFixture.JSON.readTree(ok.body());
    assertThat(prediction.path("model_name").asText()).isEqualTo("iris");
    assertThat(prediction.path("outputs").get(0).path("data").get(0).asText()).isEqualTo("setosa");

    for (String caller : new String[] {null, "Bearer " + OWN_KEY, "Bearer wrong", "Basic x"}) {
      HttpResponse<String> refused = harness.infer("e-private", caller);
      assertThat(refused.statusCode()).as("caller %s", caller).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      JsonNode problem = RuntimeFixture.JSON.readTree(refused.body());
      assertThat(problem.path("type").asText()).isEqualTo("urn:millrace:problem:forbidden");
      assertThat(problem.path("detail").asText()).contains("private");
    }
  }

  @Test
  void publicEndpointAnswersItsTenantsKeys() throws Exception {
    assertThat(harness.infer("e-public", "Bearer " + OWN_KEY).statusCode()).isEqualTo(200);
    assertThat(harness.infer("e-public", harness.token()).statusCode()).isEqualTo(200);

    HttpResponse<String> missing = harness.infer("e-public", null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(RuntimeFixture.JSON.readTree(missing.body()).path("detail").asText())
        .contains("API key is required");
    HttpResponse<String> unknown = harness.infer("e-public", "Bearer mr_nobody");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");
    HttpResponse<String> otherTenant = harness.infer("e-public", "Bearer " + OTHER_TENANT_KEY);
    assertThat(otherTenant.statusCode()).isEqualTo(403);
    assertThat(otherTenant.body()).contains("tenant that owns it");
  }

  @Test
  void publicCallsAreRateLimitedPerKey() throws Exception {
    int ok = 0;
    HttpResponse<String> limited = null;
    for (int i = 0; i < 6 && limited == null; i++) {
      HttpResponse<String> response = harness.infer("e-public", "Bearer " + LIMITED_KEY);
      if (response.statusCode() == 429) {
        limited = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(200);
        ok++;
      }
    }
    assertThat(ok).as("the burst").isEqualTo(3);
    assertThat(limited).isNotNull();
    assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1, 10);
    assertThat(RuntimeFixture.JSON.readTree(limited.body()).path("type").asText())
        .isEqualTo("urn:millrace:problem:rate-limited");
    // Another key of the same tenant has its own bucket; the service token has none.
    assertThat(harness.infer("e-public", "Bearer " + OWN_KEY).statusCode()).isEqualTo(200);
    assertThat(harness.infer("e-public", harness.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void replicaAnswersComeBackAsTheyAre() throws Exception {
    HttpResponse<String> metadata =
        harness.send(
            HttpRequest.newBuilder(harness.url("e-private", "v2/models/iris"))
                .header("Authorization", harness.token())
                .build());
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(RuntimeFixture.JSON.readTree(metadata.body()).path("inputs")).hasSize(4);

    HttpResponse<String> bad =
        harness.send(
            HttpRequest.newBuilder(harness.url("e-private", "v2/models/iris/infer"))
                .header("Authorization", harness.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}"))
                .build());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("error");

    HttpResponse<String> otherModel =
        harness.send(
            HttpRequest.newBuilder(harness.url("e-private", "v2/models/other"))
                .header("Authorization", harness.token())
                .build());
    assertThat(otherModel.statusCode()).isEqualTo(404);

    HttpResponse<String> ready =
        harness.send(
            HttpRequest.newBuilder(harness.url("e-private", "v2/health/ready"))
                .header("Authorization", harness.token())
                .build());
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  @Test
  void routerErrorsAreProblems() throws Exception {
    for (String path :
        List.of("/endpoints/missing/v2/health/ready", "/endpoints/iris/metrics", "/endpoints/")) {
      HttpResponse<String> response =
          harness.send(
              HttpRequest.newBuilder(harness.raw(path))
                  .header("Authorization", harness.token())
                  .build());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(RuntimeFixture.JSON.readTree(response.body()).path("instance").asText())
          .isEqualTo(path);
    }
  }

  @Test
  void requestsAreCountedPerEndpointAndStatus() {
    harness.infer("e-private", harness.token());
    harness.infer("e-private", null);
    // The router records a request after it has written the response (the latency includes the
    // write), so the client may see the answer a moment before the count.
    for (String status : List.of("200", "403")) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          harness
                              .registry
                              .find("millrace.endpoint.requests")
                              .tags("endpoint", "iris", "status", status)
                              .timer())
                      .as("requests timer of status %s", status)
                      .isNotNull()
                      .extracting(Timer::count)
                      .asInstanceOf(InstanceOfAssertFactories.LONG)
                      .isPositive());
    }
    assertThat(
            harness
                .registry
                .get("millrace.endpoint.replicas")
                .tags("endpoint", "iris", "state", "ready")
                .gauge()
                .value())
        .isEqualTo(1.0);
    assertThat(harness.registry.get("millrace.endpoint.in.flight").tags("endpoint", "iris").gauge())
        .isNotNull();
  }

  @Test
  void badSpecsAreRefusedNamingTheField() {
    EndpointSpec clash =
        LocalComputeHarness.spec("e-other", "iris", model, "private", "requests", 5, 1, 1);
    assertThatThrownBy(() -> harness.backend.applyEndpoint(clash))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> assertThat(failure.errorCode()).isEqualTo("INVALID_DEPLOYMENT"))
        .hasMessageContaining("already used by endpoint e-private");

    EndpointSpec bad =
        new EndpointSpec(
            "e-bad",
            "tenant-a",
            "Bad Name",
            Path.of("/nowhere"),
            "secret",
            "cpu",
            "huge",
            null,
            "memory",
            0,
            3,
            2);
    assertThatThrownBy(() -> harness.backend.applyEndpoint(bad))
        .isInstanceOf(WorkerFailure.class)
        .hasMessageContaining("name: 'Bad Name'")
        .hasMessageContaining("artifactDir: /nowhere is not a model artifact")
        .hasMessageContaining("visibility: 'secret'")
        .hasMessageContaining("autoscaling.policy: 'memory'")
        .hasMessageContaining("autoscaling.target")
        .hasMessageContaining("autoscaling.maxReplicas")
        .hasMessageContaining("computeSize 'huge'");
    assertThat(harness.backend.endpointStatus("e-bad")).isEmpty();
  }

  @Test
  void gpuEndpointsAreRefusedWhereTheRuntimeHasNone() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        harness.backend.gpuAvailable(), "this machine has a GPU the model runtime can use");
    EndpointSpec gpu =
        new EndpointSpec(
            "e-gpu",
            "tenant-a",
            "iris-gpu",
            model,
            "private",
            "gpu",
            "small",
            "small",
            "requests",
            5,
            1,
            1);
    assertThatThrownBy(() -> harness.backend.applyEndpoint(gpu))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> assertThat(failure.errorCode()).isEqualTo("COMPUTE_UNAVAILABLE"))
        .hasMessageContaining("no GPU");
    assertThat(harness.backend.endpointStatus("e-gpu")).isEmpty();
  }
}
