package dev.millrace.platform.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What the training tests do through the REST API, over and over. */
final class Runs {

  static final Set<String> FINAL =
      Set.of("succeeded", "failed", "cancelled", "timed_out", "rejected");

  private Runs() {}

  static byte[] iris() {
    try (InputStream in = Runs.class.getResourceAsStream("/datasets/iris.csv")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every other row of iris: the same columns and labels, other data. */
  static byte[] irisHalf() {
    List<String> lines = new String(iris(), StandardCharsets.UTF_8).lines().toList();
    StringBuilder half = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i < lines.size(); i += 2) {
      half.append(lines.get(i)).append('\n');
    }
    return half.toString().getBytes(StandardCharsets.UTF_8);
  }

  static UUID upload(Api member, String name, byte[] content) {
    JsonNode dataset =
        member.upload("/api/v1/datasets", name, content, Map.of()).expect(201).body();
    return UUID.fromString(dataset.get("id").asText());
  }

  static void grant(Api admin, UUID tenantId, int credits) {
    admin
        .post(
            "/api/v1/credits/grants",
            Map.of("tenantId", tenantId, "credits", credits, "idempotencyKey", UUID.randomUUID()))
        .expect(201);
  }

  static BigDecimal balance(Api member) {
    return member.get("/api/v1/credits").expect(200).body().get("available").decimalValue();
  }

  /** A training request for iris with small, explicit settings; {@code changes} override. */
  static Map<String, Object> irisTraining(UUID datasetId, Consumer<Map<String, Object>> changes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("catalogEntry", "tabular-classifier");
    body.put("datasetId", datasetId);
    body.put("target", "species");
    body.put("hyperparameters", Map.of("hiddenLayers", List.of(16), "earlyStoppingPatience", 0));
    body.put("computeType", "cpu");
    body.put("computeSize", "small");
    body.put("epochs", 5);
    body.put("seed", 7);
    body.put("timeBudgetSeconds", 600);
    changes.accept(body);
    return body;
  }

  /** Training slow enough to be watched and cancelled: one row per batch, many epochs. */
  static Consumer<Map<String, Object>> slow(int epochs) {
    return body -> {
      body.put(
          "hyperparameters",
          Map.of("hiddenLayers", List.of(16), "earlyStoppingPatience", 0, "batchSize", 1));
      body.put("epochs", epochs);
    };
  }

  /** Polls {@code path} until {@code done} holds; each answer also goes to {@code seen}. */
  static JsonNode await(
      Api api, String path, Predicate<JsonNode> done, Consumer<JsonNode> seen, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = api.get(path).expect(200).body();
      seen.accept(last);
      if (done.test(last)) {
        return last;
      }
      sleep(20);
    }
    throw new AssertionError("timed out waiting on " + path + "; last answer: " + last);
  }

  static JsonNode awaitFinal(Api api, String path) {
    return await(api, path, r -> FINAL.contains(r.get("state").asText()), r -> {}, minutes(3));
  }

  static JsonNode awaitState(Api api, String path, String state) {
    return await(api, path, r -> state.equals(r.get("state").asText()), r -> {}, minutes(3));
  }

  static Duration minutes(int n) {
    return Duration.ofMinutes(n);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static BigDecimal credits(JsonNode run, String field) {
    return run.at("/credits/" + field).decimalValue();
  }

  /** What the catalogue's price (credits per second) makes of these compute-seconds. */
  static BigDecimal charge(BigDecimal pricePerSecond, double computeSeconds) {
    return pricePerSecond
        .multiply(BigDecimal.valueOf(computeSeconds))
        .setScale(6, java.math.RoundingMode.CEILING);
  }

  static void assertSettled(JsonNode run) {
    assertThat(run.at("/credits/open").asBoolean()).as("reservation open").isFalse();
    assertThat(
            credits(run, "charged")
                .add(credits(run, "released"))
                .compareTo(credits(run, "reserved")))
        .as("charged + released = reserved in %s", run.get("credits"))
        .isZero();
  }
}
