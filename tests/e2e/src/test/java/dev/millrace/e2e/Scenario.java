package dev.millrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The steps a user takes, through the REST API only. */
final class Scenario {

  static final Set<String> FINAL_RUN_STATES =
      Set.of("succeeded", "failed", "cancelled", "timed_out", "rejected");

  final Rest admin;
  Rest member;
  String tenantId;

  Scenario(PlatformProcess platform) {
    this.admin = new Rest(platform.base(), PlatformProcess.ADMIN_KEY);
  }

  static Path dataset(String name) {
    return PlatformProcess.property("millrace.e2e.datasets").resolve(name);
  }

  /** A tenant, a member key for it, and credits granted to it. */
  Scenario tenantWithCredits(String name, int credits) {
    JsonNode tenant = admin.post("/api/v1/tenants", Map.of("name", name)).expect(201).json();
    tenantId = tenant.get("id").asText();
    JsonNode key =
        admin
            .post(
                "/api/v1/api-keys",
                Map.of("name", name + "-member", "tenantId", tenantId, "role", "MEMBER"))
            .expect(201)
            .json();
    member = admin.withKey(key.get("key").asText());
    admin
        .post(
            "/api/v1/credits/grants",
            Map.of("tenantId", tenantId, "credits", credits, "idempotencyKey", "grant-" + name))
        .expect(201);
    return this;
  }

  String upload(String file) {
    return member.upload("/api/v1/datasets", dataset(file)).expect(201).json().get("id").asText();
  }

  static Map<String, Object> irisTraining(String datasetId, int epochs, int batchSize) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("catalogEntry", "tabular-classifier");
    body.put("datasetId", datasetId);
    body.put("target", "species");
    body.put(
        "hyperparameters",
        Map.of(
            "hiddenLayers",
            java.util.List.of(16),
            "batchSize",
            batchSize,
            "earlyStoppingPatience",
            0));
    body.put("computeType", "cpu");
    body.put("computeSize", "small");
    body.put("epochs", epochs);
    body.put("seed", 7);
    return body;
  }

  /** Polls {@code path} until {@code done}, showing every answer to {@code each}. */
  static JsonNode await(
      Rest api, String path, Predicate<JsonNode> done, Consumer<JsonNode> each, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = api.get(path).expect(200).json();
      each.accept(last);
      if (done.test(last)) {
        return last;
      }
      PlatformProcess.sleep(250);
    }
    throw new AssertionError("not done within " + timeout + "; last answer: " + last);
  }

  static JsonNode awaitRun(Rest api, String path, Consumer<JsonNode> each) {
    return await(
        api,
        path,
        r -> FINAL_RUN_STATES.contains(r.get("state").asText()),
        each,
        Duration.ofMinutes(4));
  }

  /**
   * The tenant's ledger balances: every transaction's entries sum to zero, no reservation is left
   * open, and available + spent = what was granted.
   */
  void assertLedgerBalanced(BigDecimal granted) {
    int transactions = 0;
    for (int page = 0; ; page++) {
      JsonNode ledger =
          member.get("/api/v1/credits/ledger?size=500&page=" + page).expect(200).json();
      for (JsonNode transaction : ledger.get("items")) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode entry : transaction.get("entries")) {
          sum = sum.add(entry.get("amount").decimalValue());
        }
        assertThat(sum)
            .as("entries of transaction %s", transaction.get("id"))
            .isEqualByComparingTo("0");
        transactions++;
      }
      if (page + 1 >= ledger.get("totalPages").asInt()) {
        break;
      }
    }
    assertThat(member.get("/api/v1/credits/reservations?state=OPEN").expect(200).json())
        .as("open reservations")
        .isEmpty();
    JsonNode balance = member.get("/api/v1/credits").expect(200).json();
    assertThat(balance.get("reserved").decimalValue()).isEqualByComparingTo("0");
    assertThat(balance.get("available").decimalValue().add(balance.get("spent").decimalValue()))
        .as("available + spent")
        .isEqualByComparingTo(granted);
    System.out.printf(
        "[e2e] ledger balanced: %d transactions, spent %s, available %s of %s granted%n",
        transactions, balance.get("spent"), balance.get("available"), granted);
  }
}
