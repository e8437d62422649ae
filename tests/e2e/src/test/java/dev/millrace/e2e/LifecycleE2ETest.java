package dev.millrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's whole promise, through the REST API only, against the platform jar as users run it: a
 * tenant and key with credits; iris uploaded and profiled; the base model tried in the playground;
 * a training whose epochs show while it runs; the registered version with its metrics; a fine-tune
 * on new data; the fine-tuned version deployed private and public; both called (the private one
 * refuses outside calls, the public one a missing key); load scales the public one out, idleness
 * back in and to zero; undeploy; the ledger balances.
 *
 * <p>The autoscaler's windows are shortened (seconds, not minutes) so that a scale-in and a scale
 * to zero fit in a test; the decisions are the same.
 */
class LifecycleE2ETest {

  @TempDir Path work;

  @Test
  void aUserTrainsFineTunesDeploysScalesAndUndeploysThroughTheApi() throws Exception {
    var platform =
        new PlatformProcess(work.resolve("data"))
            .with(
                "millrace.deployments.monitor-interval=2s",
                "millrace.compute.local.autoscale-interval=500ms",
                "millrace.compute.local.metrics-window=2s",
                "millrace.compute.local.scale-in-window=3s",
                "millrace.compute.local.scale-to-zero-after=5s",
                "millrace.compute.local.drain-grace=2s")
            .start();
    try {
      run(platform);
    } finally {
      platform.close();
    }
  }

  private void run(PlatformProcess platform) throws Exception {
    var user = new Scenario(platform).tenantWithCredits("lifecycle", 100);
    Rest member = user.member;
    // Another tenant sees none of it.
    Rest stranger = new Scenario(platform).tenantWithCredits("stranger", 1).member;

    // --- Upload, profile, validation -----------------------------------------------------------
    long uploaded = System.nanoTime();
    String iris = user.upload("iris.csv");
    JsonNode dataset = member.get("/api/v1/datasets/" + iris).expect(200).json();
    assertThat(dataset.at("/validation/valid").asBoolean()).as("%s", dataset).isTrue();
    assertThat(dataset.toString()).contains("petal_width").contains("species");
    stranger.get("/api/v1/datasets/" + iris).expect(404);

    // --- Playground: the base model, before any training ---------------------------------------
    JsonNode tried =
        member
            .post(
                "/api/v1/playground/predict",
                Map.of("catalogEntry", "tabular-classifier", "rows", List.of(SETOSA)))
            .expect(200)
            .json();
    double playgroundSeconds = seconds(uploaded);
    assertThat(tried.at("/predictions/0/label").asText()).isEqualTo("setosa");

    // --- Training, with its epochs visible while it runs ---------------------------------------
    JsonNode started =
        member.post("/api/v1/training-runs", Scenario.irisTraining(iris, 30, 4)).expect(201).json();
    String runPath = "/api/v1/training-runs/" + started.get("id").asText();
    List<Integer> epochsSeenRunning = new ArrayList<>();
    JsonNode trained =
        Scenario.awaitRun(
            member,
            runPath,
            r -> {
              if ("running".equals(r.get("state").asText())) {
                epochsSeenRunning.add(
                    member.get(runPath + "/metrics").expect(200).json().get("epochs").size());
              }
            });
    assertThat(trained.get("state").asText()).as("%s", trained).isEqualTo("succeeded");
    assertThat(epochsSeenRunning)
        .as("epochs in the metrics series, polled while the run was running")
        .anyMatch(n -> n > 0 && n < 30);
    assertThat(member.get(runPath + "/metrics").expect(200).json().get("epochs")).hasSize(30);
    System.out.printf(
        "[e2e] training: %s; epochs seen while running: %s%n",
        trained.get("metrics"), epochsSeenRunning);

    JsonNode version =
        member
            .get("/api/v1/model-versions/" + trained.get("modelVersionId").asText())
            .expect(200)
            .json();
    assertThat(version.at("/metrics/accuracy").asDouble()).isGreaterThan(0.8);
    stranger.get("/api/v1/model-versions/" + version.get("id").asText()).expect(404);

    // --- Fine-tune on new data -------------------------------------------------------------------
    String fresh =
        member.upload("/api/v1/datasets", newIrisBatch()).expect(201).json().get("id").asText();
    Map<String, Object> fineTune = new LinkedHashMap<>();
    fineTune.put("modelVersionId", version.get("id").asText());
    fineTune.put("datasetId", fresh);
    fineTune.put("epochs", 10);
    fineTune.put("learningRateFactor", 0.5);
    fineTune.put("computeType", "cpu");
    fineTune.put("computeSize", "small");
    JsonNode tuneStarted = member.post("/api/v1/fine-tune-runs", fineTune).expect(201).json();
    JsonNode tuned =
        Scenario.awaitRun(
            member, "/api/v1/fine-tune-runs/" + tuneStarted.get("id").asText(), r -> {});
    assertThat(tuned.get("state").asText()).as("%s", tuned).isEqualTo("succeeded");
    JsonNode child =
        member
            .get("/api/v1/model-versions/" + tuned.get("modelVersionId").asText())
            .expect(200)
            .json();
    assertThat(child.at("/lineage/parentVersionId").asText()).isEqualTo(version.get("id").asText());
    assertThat(child.at("/metrics/accuracy").asDouble()).isGreaterThan(0.8);

    // --- Deploy it private and public -----------------------------------------------------------
    JsonNode privateOne =
        deploy(
            member,
            child,
            "iris-private",
            "private",
            Map.of("policy", "cpu", "target", 70, "minReplicas", 1, "maxReplicas", 1));
    JsonNode publicOne =
        deploy(
            member,
            child,
            "iris-public",
            "public",
            Map.of("policy", "requests", "target", 3, "minReplicas", 0, "maxReplicas", 2));
    privateOne = awaitStatus(member, privateOne, "READY");
    publicOne = awaitStatus(member, publicOne, "READY");

    // --- Call both ------------------------------------------------------------------------------
    String privateInfer = inferUrl(privateOne);
    String publicInfer = inferUrl(publicOne);
    JsonNode first =
        member
            .post("/api/v1/deployments/" + privateOne.get("id").asText() + "/infer", oipSetosa())
            .expect(200)
            .json();
    double firstPredictionSeconds = seconds(uploaded);
    assertThat(first.at("/outputs/0/data/0").asText()).isEqualTo("setosa");
    assertThat(member.postJson(privateInfer, OIP_SETOSA).status())
        .as("the private endpoint called from outside, even with the owner's key")
        .isEqualTo(403);
    assertThat(member.withKey(null).postJson(privateInfer, OIP_SETOSA).status())
        .as("the private endpoint called from outside without a key")
        .isEqualTo(403);
    Rest.Answer anonymous = member.withKey(null).postJson(publicInfer, OIP_SETOSA);
    assertThat(anonymous.status()).as("the public endpoint without a key").isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isNotNull();
    assertThat(stranger.postJson(publicInfer, OIP_SETOSA).status())
        .as("another tenant's key")
        .isEqualTo(403);
    Rest.Answer owned = member.postJson(publicInfer, OIP_SETOSA).expect(200);
    assertThat(owned.json().at("/outputs/0/data/0").asText()).isEqualTo("setosa");

    // --- Load until it scales out, then back in and to zero ------------------------------------
    String publicPath = "/api/v1/deployments/" + publicOne.get("id").asText();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    // About 10 requests/s: above 3 per replica, below the public rate limit (20/s).
    Thread load =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (loading.get()) {
                    calls.incrementAndGet();
                    if (member.postJson(publicInfer, OIP_SETOSA).status() != 200) {
                      refused.incrementAndGet();
                    }
                    PlatformProcess.sleep(100);
                  }
                });
    long loadStart = System.nanoTime();
    JsonNode out;
    try {
      out =
          Scenario.await(
              member,
              publicPath,
              d -> d.at("/replicas/ready").asInt() == 2,
              d -> {},
              Duration.ofMinutes(2));
    } finally {
      loading.set(false);
      load.join();
    }
    double scaleOutSeconds = seconds(loadStart);
    assertThat(refused.get()).as("of %d calls under load, refused", calls.get()).isZero();
    long idleStart = System.nanoTime();
    JsonNode zero =
        Scenario.await(
            member,
            publicPath,
            d -> d.at("/replicas/desired").asInt() == 0 && d.at("/replicas/ready").asInt() == 0,
            d -> {},
            Duration.ofMinutes(2));
    double toZeroSeconds = seconds(idleStart);
    JsonNode events = member.get(publicPath + "/scaling-events?size=1000").expect(200).json();
    List<String> decisions = new ArrayList<>();
    for (JsonNode e : events.get("items")) {
      decisions.add(
          e.get("fromReplicas").asInt()
              + "→"
              + e.get("toReplicas").asInt()
              + " "
              + e.get("reason").asText());
    }
    System.out.printf(
        "[e2e] scaling decisions of the public endpoint:%n  %s%n", String.join("\n  ", decisions));
    assertThat(events.get("items"))
        .as("a scale-out to 2 under load")
        .anyMatch(e -> e.get("toReplicas").asInt() == 2 && e.get("fromReplicas").asInt() < 2);
    assertThat(events.get("items"))
        .as("a scale-in from 2 when the load stopped")
        .anyMatch(e -> e.get("fromReplicas").asInt() == 2 && e.get("toReplicas").asInt() < 2);
    assertThat(zero.get("status").asText()).isEqualTo("READY");
    long coldStart = System.nanoTime();
    member.postJson(publicInfer, OIP_SETOSA).expect(200);
    double coldStartSeconds = seconds(coldStart);

    // --- Undeploy, and the ledger balances ------------------------------------------------------
    for (JsonNode d : List.of(privateOne, publicOne)) {
      member.delete("/api/v1/deployments/" + d.get("id").asText()).expect(202);
    }
    for (JsonNode d : List.of(privateOne, publicOne)) {
      JsonNode deleted = awaitStatus(member, d, "DELETED");
      assertThat(deleted.at("/credits/reservationState").asText()).isEqualTo("CLOSED");
      assertThat(deleted.at("/credits/charged").decimalValue().signum())
          .as("replica time was charged: %s", deleted.get("credits"))
          .isPositive();
      assertThat(member.postJson(inferUrl(d), OIP_SETOSA).status()).isEqualTo(404);
    }
    user.assertLedgerBalanced(new BigDecimal(100));

    System.out.printf(
        Locale.ROOT,
        "[e2e] upload to first playground prediction %.1f s; upload to first prediction of the"
            + " deployed fine-tuned model %.1f s; load to 2 ready replicas %.1f s; idle to zero"
            + " %.1f s; cold start %.1f s%n",
        playgroundSeconds,
        firstPredictionSeconds,
        scaleOutSeconds,
        toZeroSeconds,
        coldStartSeconds);
  }

  private static final Map<String, Object> SETOSA =
      Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2);

  private static final String OIP_SETOSA =
      "{\"inputs\":["
          + "{\"name\":\"sepal_length\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[5.1]},"
          + "{\"name\":\"sepal_width\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[3.5]},"
          + "{\"name\":\"petal_length\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[1.4]},"
          + "{\"name\":\"petal_width\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[0.2]}]}";

  private static JsonNode oipSetosa() throws IOException {
    return Rest.JSON.readTree(OIP_SETOSA);
  }

  private static JsonNode deploy(
      Rest member, JsonNode version, String name, String visibility, Map<String, Object> scaling) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("modelVersionId", version.get("id").asText());
    body.put("name", name);
    body.put("visibility", visibility);
    body.put("computeType", "cpu");
    body.put("computeSize", "small");
    body.put("podSize", "small");
    body.put("autoscaling", scaling);
    JsonNode created = member.post("/api/v1/deployments", body).expect(201).json();
    assertThat(created.get("status").asText()).isEqualTo("PROVISIONING");
    return created;
  }

  private static JsonNode awaitStatus(Rest member, JsonNode deployment, String status) {
    return Scenario.await(
        member,
        "/api/v1/deployments/" + deployment.get("id").asText(),
        d -> {
          String now = d.get("status").asText();
          if (!now.equals(status) && List.of("FAILED", "REJECTED", "DELETED").contains(now)) {
            throw new AssertionError("deployment ended " + now + " awaiting " + status + ": " + d);
          }
          return now.equals(status);
        },
        d -> {},
        Duration.ofMinutes(3));
  }

  private static String inferUrl(JsonNode deployment) {
    return deployment.get("url").asText()
        + "/v2/models/"
        + deployment.at("/endpoint/name").asText()
        + "/infer";
  }

  /**
   * New data for the fine-tune: every iris row measured again (a seeded jitter of up to 0.1 cm), as
   * a second batch from the same field would be.
   */
  private Path newIrisBatch() {
    try {
      List<String> lines = Files.readAllLines(Scenario.dataset("iris.csv"));
      Random random = new Random(42);
      List<String> out = new ArrayList<>();
      out.add(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
          if (i > 0) {
            row.append(',');
          }
          row.append(
              i < 4
                  ? String.format(
                      Locale.ROOT,
                      "%.2f",
                      Double.parseDouble(cells[i]) + (random.nextDouble() - 0.5) * 0.2)
                  : cells[i]);
        }
        out.add(row.toString());
      }
      Path file = work.resolve("iris-remeasured.csv");
      Files.write(file, out);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
