package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.MillraceApplication;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.TrainingObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The local backend inside the whole platform, started and stopped here (not a cached test context:
 * stopping it is part of the test): it is the {@link ComputeBackend}, its router answers on the
 * platform's own port behind the platform's security (service token for private endpoints, the
 * tenant's real API keys for public ones), its metrics reach Prometheus, it stays out of the
 * OpenAPI document, and stopping the platform leaves no replica behind.
 */
class LocalComputeWiringTest {

  private static final String ADMIN_KEY = "mr_wiring-test-admin-key-0123456789";

  private final HttpClient http = HttpClient.newHttpClient();
  private String base;

  @Test
  void theRouterServesOnThePlatformsPortAndTheShutdownStopsEveryReplica() throws Exception {
    ConfigurableApplicationContext platform =
        new SpringApplicationBuilder(MillraceApplication.class, Listening.class)
            .run(
                "--server.port=0",
                "--millrace.engine.grpc-port=0",
                "--millrace.data-dir=" + RuntimeFixture.newDirectory("wiring"),
                "--millrace.bootstrap-api-key=" + ADMIN_KEY,
                "--millrace.compute.local.drain-grace=2s");
    List<Long> replicas;
    try {
      base = "http://127.0.0.1:" + platform.getEnvironment().getProperty("local.server.port");
      ComputeBackend compute = platform.getBean(ComputeBackend.class);
      ServiceToken serviceToken = platform.getBean(ServiceToken.class);
      assertThat(compute).isInstanceOf(LocalComputeBackend.class);
      LocalComputeBackend local = (LocalComputeBackend) compute;
      assertThat(serviceToken).isSameAs(local.serviceToken());
      String[] owner = newTenant();
      String[] stranger = newTenant();

      compute.applyEndpoint(spec("w-private", "wired-private", owner[0], "private"));
      compute.applyEndpoint(spec("w-public", "wired-public", owner[0], "public"));
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  compute.endpointStatus("w-private").orElseThrow().ready()
                      && compute.endpointStatus("w-public").orElseThrow().ready());
      assertThat(compute.endpointStatus("w-private").orElseThrow().url())
          .isEqualTo(base + "/endpoints/wired-private");
      // A listener that itself needs the backend (no cycle: listeners are looked up late).
      Listener listener = platform.getBean(Listener.class);
      assertThat(listener.compute).isSameAs(compute);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  listener.changes.stream()
                      .anyMatch(s -> s.endpointId().equals("w-public") && s.ready()));

      assertThat(infer("wired-private", serviceToken.authorization()).statusCode()).isEqualTo(200);
      HttpResponse<String> outside = infer("wired-private", "Bearer " + owner[1]);
      assertThat(outside.statusCode()).isEqualTo(403);
      assertThat(outside.headers().firstValue("Content-Type")).hasValue("application/problem+json");

      assertThat(infer("wired-public", "Bearer " + owner[1]).statusCode()).isEqualTo(200);
      assertThat(infer("wired-public", null).statusCode()).isEqualTo(401);
      assertThat(infer("wired-public", "Bearer " + stranger[1]).statusCode()).isEqualTo(403);
      assertThat(infer("wired-public", "Bearer " + ADMIN_KEY).statusCode())
          .as("an admin key belongs to no tenant")
          .isEqualTo(403);
      // The API itself is unchanged: the service token is no API key there.
      assertThat(get("/api/v1/tenants", serviceToken.authorization()).statusCode()).isEqualTo(401);

      String metrics = get("/actuator/prometheus", null).body();
      assertThat(metrics)
          .contains(
              "millrace_endpoint_requests_seconds_count{endpoint=\"wired-private\",status=\"200\"}")
          .contains("millrace_endpoint_replicas{endpoint=\"wired-public\",state=\"ready\"} 1.0");
      JsonNode docs = RuntimeFixture.JSON.readTree(get("/v3/api-docs", null).body());
      assertThat(docs.path("paths").fieldNames())
          .toIterable()
          .isNotEmpty()
          .noneMatch(path -> path.startsWith("/endpoints"));

      replicas = local.processes();
      assertThat(replicas).hasSize(2).allMatch(RuntimeFixture::alive);
    } finally {
      platform.close();
      http.close();
    }
    assertThat(replicas)
        .as("the platform's shutdown drained and stopped them")
        .noneMatch(RuntimeFixture::alive);
  }

  /** What the deployments and training features will be: beans that use the backend and hear it. */
  @TestConfiguration(proxyBeanMethods = false) // never picked up by other tests' scanning
  static class Listening {
    @Bean
    Listener listener(ComputeBackend compute) {
      return new Listener(compute);
    }
  }

  static final class Listener implements EndpointListener, TrainingObserver {
    final ComputeBackend compute;
    final List<EndpointStatus> changes = new CopyOnWriteArrayList<>();

    Listener(ComputeBackend compute) {
      this.compute = compute;
    }

    @Override
    public void endpointChanged(EndpointStatus status) {
      changes.add(status);
    }

    @Override
    public void started(String runId, Map<String, Object> details) {}

    @Override
    public void epoch(String runId, Map<String, Object> metrics) {}

    @Override
    public void succeeded(
        String runId, Path artifactDir, Map<String, Object> testMetrics, double computeSeconds) {}

    @Override
    public void failed(String runId, String message, double computeSeconds) {}

    @Override
    public void cancelled(String runId, double computeSeconds) {}
  }

  /** A tenant and a member key of it: {id, key}. */
  private String[] newTenant() throws Exception {
    JsonNode tenant =
        post(
            "/api/v1/tenants",
            "{\"name\":\"t-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    String id = tenant.path("id").asText();
    JsonNode key = post("/api/v1/api-keys", "{\"name\":\"member\",\"tenantId\":\"" + id + "\"}");
    return new String[] {id, key.path("key").asText()};
  }

  private JsonNode post(String path, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return RuntimeFixture.JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static EndpointSpec spec(String id, String name, String tenant, String visibility) {
    return new EndpointSpec(
        id,
        tenant,
        name,
        RuntimeFixture.irisModel(1),
        visibility,
        "cpu",
        "small",
        "small",
        "requests",
        50,
        1,
        1);
  }

  private HttpResponse<String> infer(String endpoint, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(base + "/endpoints/" + endpoint + "/v2/models/" + endpoint + "/infer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(LocalComputeHarness.irisRow()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
