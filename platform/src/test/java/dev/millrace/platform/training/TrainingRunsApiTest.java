package dev.millrace.platform.training;

import static dev.millrace.platform.training.Runs.irisTraining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import dev.millrace.platform.testing.PlatformTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The rules of /api/v1/training-runs: validation, tenancy, credits, cancel and time budget. */
@PlatformTest
class TrainingRunsApiTest {

  /** tabular-classifier on cpu/small. */
  static final BigDecimal PRICE = new BigDecimal("0.001");

  @Autowired TestRestTemplate http;

  Api admin;
  TenantFixture tenant;
  Api member;
  UUID iris;

  @BeforeEach
  void tenantWithData() {
    admin = new Api(http);
    tenant = admin.newTenant();
    member = admin.as(tenant.key());
    iris = Runs.upload(member, "iris.csv", Runs.iris());
  }

  @Test
  void aRequestBreakingARuleIsRefusedNamingTheField() {
    Runs.grant(admin, tenant.id(), 100);
    assertThat(
            field(
                member
                    .post(
                        "/api/v1/training-runs",
                        irisTraining(iris, b -> b.put("catalogEntry", "no-such-model")))
                    .problem(400)))
        .isEqualTo("catalogEntry");
    assertThat(
            field(
                member
                    .post(
                        "/api/v1/training-runs",
                        irisTraining(
                            iris, b -> b.put("hyperparameters", Map.of("learningRate", 7))))
                    .problem(400)))
        .isEqualTo("hyperparameters.learningRate");
    assertThat(
            field(
                member
                    .post(
                        "/api/v1/training-runs",
                        irisTraining(iris, b -> b.put("hyperparameters", Map.of("depth", 3))))
                    .problem(400)))
        .isEqualTo("hyperparameters.depth");
    JsonNode target =
        member
            .post("/api/v1/training-runs", irisTraining(iris, b -> b.put("target", "colour")))
            .problem(400);
    assertThat(field(target)).isEqualTo("target");
    assertThat(target.get("detail").asText()).contains("'colour'").contains("petal_width");
    JsonNode gpu =
        member
            .post("/api/v1/training-runs", irisTraining(iris, b -> b.put("computeType", "gpu")))
            .problem(400);
    assertThat(field(gpu)).isEqualTo("computeType");
    assertThat(gpu.get("detail").asText()).contains("no usable GPU");
    assertThat(
            field(
                member
                    .post(
                        "/api/v1/training-runs",
                        irisTraining(iris, b -> b.put("computeSize", "huge")))
                    .problem(400)))
        .isEqualTo("computeSize");
    assertThat(
            field(
                member
                    .post("/api/v1/training-runs", irisTraining(iris, b -> b.remove("target")))
                    .problem(400)))
        .isEqualTo("target");

    byte[] ragged =
        (new String(Runs.iris(), StandardCharsets.UTF_8) + "5.0,3.1\n")
            .getBytes(StandardCharsets.UTF_8);
    UUID invalid = Runs.upload(member, "ragged.csv", ragged);
    JsonNode refused =
        member.post("/api/v1/training-runs", irisTraining(invalid, b -> {})).problem(400);
    assertThat(field(refused)).isEqualTo("datasetId");
    assertThat(refused.get("detail").asText()).contains("line 152").contains("validation report");

    assertThat(member.get("/api/v1/training-runs").expect(200).body().get("totalItems").asInt())
        .as("no run was created")
        .isZero();
    assertThat(Runs.balance(member)).isEqualByComparingTo("100");
  }

  @Test
  void anotherTenantsDatasetIsNotFoundLikeAMissingOne() {
    Runs.grant(admin, tenant.id(), 100);
    TenantFixture other = admin.newTenant();
    UUID theirs = Runs.upload(admin.as(other.key()), "iris.csv", Runs.iris());

    JsonNode problem =
        member.post("/api/v1/training-runs", irisTraining(theirs, b -> {})).problem(404);
    assertThat(problem.get("resource").asText()).isEqualTo("dataset");
    member.post("/api/v1/training-runs", irisTraining(UUID.randomUUID(), b -> {})).problem(404);
  }

  @Test
  void withoutEnoughCreditsNothingStarts() {
    Runs.grant(admin, tenant.id(), 1);
    // 0.001 credits per second x 3600 s = 3.6 credits > 1.
    JsonNode problem =
        member
            .post(
                "/api/v1/training-runs", irisTraining(iris, b -> b.put("timeBudgetSeconds", 3600)))
            .problem(402);
    assertThat(problem.get("type").asText()).endsWith("insufficient-credits");
    assertThat(problem.get("required").decimalValue()).isEqualByComparingTo("3.6");
    assertThat(problem.get("available").decimalValue()).isEqualByComparingTo("1");

    assertThat(member.get("/api/v1/training-runs").expect(200).body().get("totalItems").asInt())
        .isZero();
    assertThat(member.get("/api/v1/credits/reservations").expect(200).body()).isEmpty();
    assertThat(Runs.balance(member)).isEqualByComparingTo("1");
    JsonNode instances = member.get("/api/v1/process-instances").expect(200).body();
    assertThat(instances.get("totalItems").asInt()).as("no process instance").isZero();
  }

  @Test
  void aCancelledRunIsChargedForTheComputeItUsedAndReleasesTheRest() {
    Runs.grant(admin, tenant.id(), 100);
    JsonNode started =
        member
            .post("/api/v1/training-runs", irisTraining(iris, Runs.slow(1000)))
            .expect(201)
            .body();
    String path = "/api/v1/training-runs/" + started.get("id").asText();
    assertThat(started.get("state").asText()).isEqualTo("pending");
    assertThat(Runs.credits(started, "reserved")).isEqualByComparingTo("0.6");
    assertThat(started.at("/credits/open").asBoolean()).isTrue();

    Runs.await(
        member, path, r -> r.at("/progress/currentEpoch").asInt() >= 1, r -> {}, Runs.minutes(2));
    JsonNode cancelling = member.post(path + "/cancel", Map.of()).expect(202).body();
    assertThat(cancelling.get("cancelRequested").asBoolean()).isTrue();

    JsonNode cancelled = Runs.awaitFinal(member, path);
    assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("outcome").asText()).isEqualTo("cancelled");
    assertThat(cancelled.at("/progress/currentEpoch").asInt()).isBetween(1, 999);
    double seconds = cancelled.get("computeSeconds").asDouble();
    assertThat(seconds).isPositive();
    assertThat(Runs.credits(cancelled, "charged"))
        .isEqualByComparingTo(Runs.charge(PRICE, seconds))
        .isPositive();
    Runs.assertSettled(cancelled);
    assertThat(Runs.balance(member))
        .isEqualByComparingTo(new BigDecimal(100).subtract(Runs.credits(cancelled, "charged")));
    assertThat(cancelled.get("modelVersionId").isNull()).isTrue();

    JsonNode again = member.post(path + "/cancel", Map.of()).problem(409);
    assertThat(again.get("type").asText()).endsWith("run-ended");
  }

  @Test
  void aRunCancelledAsSoonAsItIsAcceptedEndsCancelledAndSettled() {
    Runs.grant(admin, tenant.id(), 100);
    JsonNode started =
        member
            .post("/api/v1/training-runs", irisTraining(iris, Runs.slow(1000)))
            .expect(201)
            .body();
    String path = "/api/v1/training-runs/" + started.get("id").asText();
    // Usually still pending (its process is reserving and checking data): then no compute starts.
    member.post(path + "/cancel", Map.of()).expect(202);

    JsonNode cancelled = Runs.awaitFinal(member, path);
    assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
    if (cancelled.get("startedAt").isNull()) {
      assertThat(Runs.credits(cancelled, "charged")).isEqualByComparingTo("0");
    }
    Runs.assertSettled(cancelled);
  }

  @Test
  void aRunOutOfTimeIsStoppedChargedAndMarkedTimedOut() {
    Runs.grant(admin, tenant.id(), 100);
    JsonNode started =
        member
            .post(
                "/api/v1/training-runs",
                irisTraining(iris, Runs.slow(1000).andThen(b -> b.put("timeBudgetSeconds", 3))))
            .expect(201)
            .body();
    String path = "/api/v1/training-runs/" + started.get("id").asText();
    assertThat(Runs.credits(started, "reserved")).isEqualByComparingTo("0.003");

    JsonNode timedOut = Runs.awaitFinal(member, path);
    assertThat(timedOut.get("state").asText()).isEqualTo("timed_out");
    assertThat(timedOut.get("cancelRequested").asBoolean()).as("not the user's cancel").isFalse();
    assertThat(Runs.credits(timedOut, "charged"))
        .isEqualByComparingTo(Runs.charge(PRICE, timedOut.get("computeSeconds").asDouble()));
    Runs.assertSettled(timedOut);
  }

  @Test
  void anotherTenantsRunIsNotFoundAndAdminsNameTheTenant() {
    Runs.grant(admin, tenant.id(), 100);
    JsonNode run =
        member.post("/api/v1/training-runs", irisTraining(iris, b -> {})).expect(201).body();
    String path = "/api/v1/training-runs/" + run.get("id").asText();

    Api stranger = admin.as(admin.newTenant().key());
    assertThat(stranger.get(path).problem(404).get("resource").asText()).isEqualTo("training run");
    stranger.get(path + "/metrics").problem(404);
    stranger.post(path + "/cancel", Map.of()).problem(404);
    assertThat(stranger.get("/api/v1/training-runs").expect(200).body().get("totalItems").asInt())
        .isZero();
    stranger.get("/api/v1/fine-tune-runs/" + run.get("id").asText()).problem(404);
    member.get("/api/v1/fine-tune-runs/" + run.get("id").asText()).problem(404);

    assertThat(field(admin.get(path).problem(400))).isEqualTo("tenantId");
    admin.get(path + "?tenantId=" + tenant.id()).expect(200);

    JsonNode done = Runs.awaitFinal(member, path);
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    String version = "/api/v1/model-versions/" + done.get("modelVersionId").asText();
    member.get(version).expect(200);
    assertThat(stranger.get(version).problem(404).get("resource").asText())
        .isEqualTo("model version");
    stranger.post("/api/v1/fine-tune-runs", fineTune(done)).problem(404);
  }

  private static Map<String, Object> fineTune(JsonNode run) {
    return Map.of(
        "modelVersionId",
        run.get("modelVersionId").asText(),
        "computeType",
        "cpu",
        "computeSize",
        "small",
        "epochs",
        2);
  }

  private static String field(JsonNode problem) {
    List<String> fields = problem.get("errors").findValuesAsText("field");
    assertThat(fields).hasSize(1);
    return fields.get(0);
  }
}
