package dev.millrace.platform.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What the deployments tests do through the REST API and the router, over and over. */
final class Deploys {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Map<Integer, Owner> OWNERS = new HashMap<>();

  private Deploys() {}

  /** A tenant with credits and an iris classifier version it trained through the API. */
  record Owner(TenantFixture tenant, Api member, UUID modelVersionId) {}

  /** What the shared owner is granted: a few endpoint-hours, less than ten large replicas'. */
  static final int OWNER_CREDITS = 100;

  /**
   * The owner of the platform listening on {@code port}: made (and its model trained, a few
   * seconds) on first use, then shared by every test class on that platform.
   */
  static synchronized Owner owner(Api admin, int port) {
    return OWNERS.computeIfAbsent(port, p -> newOwner(admin, OWNER_CREDITS));
  }

  static Owner newOwner(Api admin, int credits) {
    TenantFixture tenant = admin.newTenant();
    Api member = admin.as(tenant.key());
    grant(admin, tenant.id(), credits);
    UUID dataset =
        UUID.fromString(
            member
                .upload("/api/v1/datasets", "iris.csv", iris(), Map.of())
                .expect(201)
                .body()
                .get("id")
                .asText());
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("catalogEntry", "tabular-classifier");
    training.put("datasetId", dataset);
    training.put("target", "species");
    training.put("hyperparameters", Map.of("hiddenLayers", List.of(16)));
    training.put("computeType", "cpu");
    training.put("computeSize", "small");
    training.put("epochs", 20);
    training.put("seed", 11);
    training.put("timeBudgetSeconds", 600);
    String run = member.post("/api/v1/training-runs", training).expect(201).text("id");
    JsonNode done =
        await(
            member,
            "/api/v1/training-runs/" + run,
            r ->
                !List.of("pending", "starting", "running", "finishing")
                    .contains(r.get("state").asText()),
            Duration.ofMinutes(3));
    assertThat(done.get("state").asText()).as("training %s", done).isEqualTo("succeeded");
    return new Owner(tenant, member, UUID.fromString(done.get("modelVersionId").asText()));
  }

  static void grant(Api admin, UUID tenantId, int credits) {
    admin
        .post(
            "/api/v1/credits/grants",
            Map.of("tenantId", tenantId, "credits", credits, "idempotencyKey", UUID.randomUUID()))
        .expect(201);
  }

  static byte[] iris() {
    try (InputStream in = Deploys.class.getResourceAsStream("/datasets/iris.csv")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deployment request: private, cpu, small, cpu-scaled 1..1; {@code changes} override. */
  static Map<String, Object> request(
      UUID modelVersionId, String name, Consumer<Map<String, Object>> changes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelVersionId", modelVersionId);
    body.put("name", name);
    body.put("visibility", "private");
    body.put("computeType", "cpu");
    body.put("computeSize", "small");
    body.put("podSize", "small");
    body.put(
        "autoscaling",
        new LinkedHashMap<>(
            Map.of("policy", "cpu", "target", 70, "minReplicas", 1, "maxReplicas", 1)));
    changes.accept(body);
    return body;
  }

  static Consumer<Map<String, Object>> scaling(String policy, double target, int min, int max) {
    return body ->
        body.put(
            "autoscaling",
            Map.of("policy", policy, "target", target, "minReplicas", min, "maxReplicas", max));
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  static JsonNode await(Api api, String path, Predicate<JsonNode> done, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = api.get(path).expect(200).body();
      if (done.test(last)) {
        return last;
      }
      sleep(100);
    }
    throw new AssertionError("timed out waiting on " + path + "; last answer: " + last);
  }

  static JsonNode awaitStatus(Api api, String deploymentId, String status) {
    return await(
        api,
        "/api/v1/deployments/" + deploymentId,
        d -> status.equals(d.get("status").asText()) || isEnded(d, status),
        Duration.ofMinutes(3));
  }

  private static boolean isEnded(JsonNode d, String awaited) {
    String now = d.get("status").asText();
    if (List.of("FAILED", "REJECTED", "DELETED").contains(now) && !now.equals(awaited)) {
      throw new AssertionError(
          "deployment ended " + now + " while waiting for " + awaited + ": " + d);
    }
    return false;
  }

  /** POSTs one iris row to the endpoint's infer path with this Authorization (null: none). */
  /** One setosa row as an OIP v2 inference request. */
  static final String SETOSA_REQUEST =
      "{\"inputs\":["
          + "{\"name\":\"sepal_length\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[5.1]},"
          + "{\"name\":\"sepal_width\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[3.5]},"
          + "{\"name\":\"petal_length\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1.4]},"
          + "{\"name\":\"petal_width\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[0.2]}]}";

  static HttpResponse<String> infer(String url, String endpointName, String authorization) {
    String body = SETOSA_REQUEST;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/v2/models/" + endpointName + "/infer"))
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
