package dev.millrace.platform.training;

import static dev.millrace.platform.training.Runs.irisTraining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import dev.millrace.platform.testing.PlatformTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A tenant's whole training story through the REST API only: real training of the iris classifier
 * with its epochs visible while it runs, the registered model version with metrics and lineage, a
 * balanced ledger, a run that fails on bad data, and fine-tuning of the registered version.
 */
@PlatformTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingLifecycleTest {

  static final int EPOCHS = 40;

  @Autowired TestRestTemplate http;

  Api admin;
  TenantFixture tenant;
  Api member;
  UUID iris;
  String irisSha256;
  JsonNode trained;
  JsonNode version;

  @BeforeAll
  void tenantWithCreditsAndData() {
    admin = new Api(http);
    tenant = admin.newTenant();
    member = admin.as(tenant.key());
    Runs.grant(admin, tenant.id(), 50);
    JsonNode dataset =
        member.upload("/api/v1/datasets", "iris.csv", Runs.iris(), Map.of()).expect(201).body();
    iris = UUID.fromString(dataset.get("id").asText());
    irisSha256 = dataset.get("sha256").asText();
  }

  @Test
  @Order(1)
  void irisTrainsWithItsEpochsVisibleWhileItRuns() {
    JsonNode started =
        member
            .post(
                "/api/v1/training-runs",
                irisTraining(
                    iris,
                    b -> {
                      // Small batches: slow enough for a poll to see epochs come in.
                      b.put(
                          "hyperparameters",
                          Map.of(
                              "hiddenLayers",
                              List.of(16),
                              "earlyStoppingPatience",
                              0,
                              "batchSize",
                              2));
                      b.put("epochs", EPOCHS);
                      b.put("modelName", "iris-species");
                    }))
            .expect(201)
            .body();
    assertThat(started.get("state").asText()).isEqualTo("pending");
    assertThat(started.get("processInstanceKey").asLong()).isPositive();
    String path = "/api/v1/training-runs/" + started.get("id").asText();

    List<Integer> liveEpochs = new ArrayList<>();
    List<Integer> liveSeries = new ArrayList<>();
    trained =
        Runs.await(
            member,
            path,
            r -> Runs.FINAL.contains(r.get("state").asText()),
            r -> {
              int epoch = r.at("/progress/currentEpoch").asInt();
              if ("running".equals(r.get("state").asText()) && epoch > 0 && epoch < EPOCHS) {
                liveEpochs.add(epoch);
                assertThat(r.at("/progress/latestEpoch/trainLoss").isNumber()).isTrue();
                if (liveSeries.isEmpty()) {
                  liveSeries.add(
                      member.get(path + "/metrics").expect(200).body().get("epochs").size());
                }
              }
            },
            Runs.minutes(3));

    assertThat(liveEpochs).as("epochs seen while the run was training").isNotEmpty();
    assertThat(liveSeries.get(0)).as("epochs in the series while training").isPositive();
    assertThat(trained.get("state").asText()).isEqualTo("succeeded");
    assertThat(trained.at("/progress/currentEpoch").asInt()).isEqualTo(EPOCHS);
    assertThat(trained.at("/progress/maxEpochs").asInt()).isEqualTo(EPOCHS);
    assertThat(trained.at("/metrics/accuracy").asDouble()).isGreaterThan(0.8);
    assertThat(trained.at("/evaluation/metrics/accuracy").asDouble())
        .isEqualTo(trained.at("/metrics/accuracy").asDouble());
    assertThat(trained.get("failureMessage").isNull()).isTrue();

    JsonNode series = member.get(path + "/metrics").expect(200).body();
    assertThat(series.get("metricName").asText()).isEqualTo("accuracy");
    assertThat(series.get("epochs").findValues("epoch").stream().map(JsonNode::asInt).toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
    assertThat(series.at("/epochs/0/metrics/trainLoss").isNumber()).isTrue();
    assertThat(series.at("/epochs/0/metrics/validationMetric").isNumber()).isTrue();
  }

  @Test
  @Order(2)
  void theRunsCreditsAreCapturedForItsComputeAndTheRestReleased() {
    double seconds = trained.get("computeSeconds").asDouble();
    assertThat(seconds).isPositive();
    assertThat(Runs.credits(trained, "reserved")).isEqualByComparingTo("0.6");
    assertThat(Runs.credits(trained, "charged"))
        .isEqualByComparingTo(Runs.charge(TrainingRunsApiTest.PRICE, seconds));
    Runs.assertSettled(trained);

    assertThat(member.get("/api/v1/credits/reservations?state=OPEN").expect(200).body())
        .as("no open reservation")
        .isEmpty();
    String key = "run:" + trained.get("id").asText();
    List<String> kinds = new ArrayList<>();
    for (JsonNode t :
        member.get("/api/v1/credits/ledger?size=500").expect(200).body().get("items")) {
      BigDecimal sum = BigDecimal.ZERO;
      for (JsonNode entry : t.get("entries")) {
        sum = sum.add(entry.get("amount").decimalValue());
      }
      assertThat(sum).as("entries of transaction %s", t.get("id")).isEqualByComparingTo("0");
      if (key.equals(t.path("reservationKey").asText())) {
        kinds.add(t.get("kind").asText());
      }
    }
    assertThat(kinds).as("newest first").containsExactly("RELEASE", "CAPTURE", "RESERVE");
    JsonNode balance = member.get("/api/v1/credits").expect(200).body();
    assertThat(balance.get("reserved").decimalValue()).isEqualByComparingTo("0");
    assertThat(balance.get("spent").decimalValue())
        .isEqualByComparingTo(Runs.credits(trained, "charged"));
    assertThat(balance.get("available").decimalValue())
        .isEqualByComparingTo(new BigDecimal(50).subtract(Runs.credits(trained, "charged")));
  }

  @Test
  @Order(3)
  void theTrainedModelIsRegisteredWithItsMetricsAndLineage() {
    String id = trained.get("modelVersionId").asText();
    version = member.get("/api/v1/model-versions/" + id).expect(200).body();
    assertThat(version.get("modelName").asText()).isEqualTo("iris-species");
    assertThat(version.get("version").asInt()).isEqualTo(1);
    assertThat(version.get("stage").asText()).isEqualTo("candidate");
    assertThat(version.get("catalogEntry").asText()).isEqualTo("tabular-classifier");
    assertThat(version.at("/metrics/accuracy").asDouble())
        .isEqualTo(trained.at("/metrics/accuracy").asDouble());
    assertThat(version.at("/lineage/trainingRunId").asText()).isEqualTo(trained.get("id").asText());
    assertThat(version.at("/lineage/datasetId").asText()).isEqualTo(iris.toString());
    assertThat(version.at("/lineage/parentVersionId").isNull()).isTrue();
    assertThat(version.at("/lineage/ancestors")).isEmpty();
    assertThat(version.at("/lineage/data/0/sha256").asText()).isEqualTo(irisSha256);
    assertThat(version.at("/modelCard/labels").toString()).contains("setosa");
    assertThat(version.at("/modelCard/training/epochsRun").asInt()).isEqualTo(EPOCHS);

    var card =
        http.exchange(
            "/api/v1/model-versions/" + id + "/model-card",
            HttpMethod.GET,
            new HttpEntity<>(bearer()),
            String.class);
    assertThat(card.getStatusCode().value()).isEqualTo(200);
    assertThat(card.getHeaders().getContentType().toString()).startsWith("text/markdown");
    assertThat(card.getBody()).contains("tabular-classifier");

    JsonNode list = member.get("/api/v1/model-versions?modelName=iris-species").expect(200).body();
    assertThat(list.get("items").findValuesAsText("id")).containsExactly(id);
  }

  @Test
  @Order(4)
  void theRunsProcessInstanceIsInTheHistory() {
    String path = "/api/v1/process-instances/" + trained.get("processInstanceKey").asText();
    JsonNode instance =
        Runs.await(
            member,
            path,
            i -> "COMPLETED".equals(i.at("/instance/state").asText()),
            i -> {},
            Runs.minutes(1));
    assertThat(instance.at("/instance/bpmnProcessId").asText()).isEqualTo("train-model");
    assertThat(instance.at("/instance/kind").asText()).isEqualTo("lifecycle");
    assertThat(instance.at("/instance/tenantId").asText()).isEqualTo(tenant.id().toString());
    assertThat(instance.get("currentElements")).isEmpty();
    assertThat(instance.at("/variables/trainingRunId").asText())
        .isEqualTo(trained.get("id").asText());
    assertThat(instance.at("/variables/modelVersionId").asText())
        .isEqualTo(trained.get("modelVersionId").asText());
    assertThat(instance.at("/variables/outcome").asText()).isEqualTo("succeeded");
    assertThat(instance.get("history").findValuesAsText("elementId"))
        .containsSubsequence(
            "reserve-credits",
            "validate-dataset",
            "start-training",
            "await-training",
            "evaluate",
            "register",
            "capture-credits",
            "finish-succeeded",
            "trained");
    assertThat(instance.get("incidents")).isEmpty();

    admin.as(admin.newTenant().key()).get(path).problem(404);
    admin.get(path).expect(200);
    JsonNode mine = member.get("/api/v1/process-instances?kind=lifecycle").expect(200).body();
    assertThat(mine.get("items").findValuesAsText("processInstanceKey"))
        .contains(trained.get("processInstanceKey").asText());
  }

  @Test
  @Order(5)
  void aDatasetTheTrainerRefusesFailsTheRunAndReleasesAllItsCredits() {
    BigDecimal before = Runs.balance(member);
    // Valid as uploaded (no target named), but the target has no value on line 152: the
    // process's dataset check refuses it before any compute.
    byte[] unlabelled =
        (new String(Runs.iris(), StandardCharsets.UTF_8) + "5.0,3.1,1.5,0.2,\n")
            .getBytes(StandardCharsets.UTF_8);
    UUID bad = Runs.upload(member, "unlabelled.csv", unlabelled);
    JsonNode started =
        member.post("/api/v1/training-runs", irisTraining(bad, b -> {})).expect(201).body();

    JsonNode failed =
        Runs.awaitFinal(member, "/api/v1/training-runs/" + started.get("id").asText());
    assertThat(failed.get("state").asText()).isEqualTo("failed");
    assertThat(failed.get("failureMessage").asText()).contains("line 152").contains("species");
    assertThat(failed.get("startedAt").isNull()).as("no compute started").isTrue();
    assertThat(Runs.credits(failed, "charged")).isEqualByComparingTo("0");
    assertThat(Runs.credits(failed, "released")).isEqualByComparingTo("0.6");
    Runs.assertSettled(failed);
    assertThat(Runs.balance(member)).isEqualByComparingTo(before);
  }

  @Test
  @Order(6)
  void theRegisteredVersionIsFineTunedOnNewDataIntoItsChild() {
    UUID half = Runs.upload(member, "iris-half.csv", Runs.irisHalf());
    UUID wrong =
        Runs.upload(
            member, "other.csv", "a,b,species\n1,2,x\n3,4,y\n".getBytes(StandardCharsets.UTF_8));
    String parentId = version.get("id").asText();
    JsonNode missing =
        member
            .post(
                "/api/v1/fine-tune-runs",
                Map.of(
                    "modelVersionId",
                    parentId,
                    "datasetId",
                    wrong,
                    "computeType",
                    "cpu",
                    "computeSize",
                    "small"))
            .problem(400);
    assertThat(missing.at("/errors/0/field").asText()).isEqualTo("datasetId");
    assertThat(missing.get("detail").asText()).contains("petal_width");

    JsonNode started =
        member
            .post(
                "/api/v1/fine-tune-runs",
                Map.of(
                    "modelVersionId",
                    parentId,
                    "datasetId",
                    half,
                    "learningRateFactor",
                    0.5,
                    "freezeLayers",
                    1,
                    "epochs",
                    5,
                    "computeType",
                    "cpu",
                    "computeSize",
                    "small",
                    "timeBudgetSeconds",
                    300))
            .expect(201)
            .body();
    assertThat(started.get("kind").asText()).isEqualTo("fine-tune");
    assertThat(started.at("/fineTune/parentModelVersionId").asText()).isEqualTo(parentId);
    assertThat(started.get("target").asText()).isEqualTo("species");
    String path = "/api/v1/fine-tune-runs/" + started.get("id").asText();
    member.get("/api/v1/training-runs/" + started.get("id").asText()).problem(404);

    JsonNode tuned = Runs.awaitFinal(member, path);
    assertThat(tuned.get("state").asText()).as("run %s", tuned).isEqualTo("succeeded");
    assertThat(tuned.at("/progress/currentEpoch").asInt()).isEqualTo(5);
    Runs.assertSettled(tuned);

    JsonNode child =
        member
            .get("/api/v1/model-versions/" + tuned.get("modelVersionId").asText())
            .expect(200)
            .body();
    assertThat(child.get("modelName").asText()).isEqualTo("iris-species");
    assertThat(child.get("version").asInt()).isEqualTo(2);
    assertThat(child.at("/lineage/parentVersionId").asText()).isEqualTo(parentId);
    assertThat(child.at("/lineage/ancestors/0/id").asText()).isEqualTo(parentId);
    assertThat(child.at("/lineage/datasetId").asText()).isEqualTo(half.toString());
    assertThat(child.at("/lineage/data").size()).isEqualTo(2);
    assertThat(child.at("/lineage/data/1/sha256").asText()).isEqualTo(irisSha256);
    assertThat(child.at("/lineage/data/1/role").asText()).startsWith("parent");
    assertThat(child.at("/modelCard/training/frozenLayers").asInt()).isEqualTo(1);
    assertThat(child.at("/metrics/accuracy").isNumber()).isTrue();

    // Without new data, fine-tuning goes on with the data the parent learned from.
    JsonNode again =
        member
            .post(
                "/api/v1/fine-tune-runs",
                Map.of(
                    "modelVersionId",
                    parentId,
                    "epochs",
                    2,
                    "computeType",
                    "cpu",
                    "computeSize",
                    "small",
                    "timeBudgetSeconds",
                    300))
            .expect(201)
            .body();
    assertThat(again.get("datasetId").asText()).isEqualTo(iris.toString());
    JsonNode retuned =
        Runs.awaitFinal(member, "/api/v1/fine-tune-runs/" + again.get("id").asText());
    assertThat(retuned.get("state").asText()).isEqualTo("succeeded");
    assertThat(
            member
                .get("/api/v1/model-versions/" + retuned.get("modelVersionId").asText())
                .expect(200)
                .body()
                .get("version")
                .asInt())
        .isEqualTo(3);
  }

  @Test
  @Order(7)
  void stagesMoveOnlyAlongTheAllowedTransitions() {
    JsonNode versions =
        member.get("/api/v1/model-versions?modelName=iris-species").expect(200).body();
    assertThat(versions.get("totalItems").asInt()).isEqualTo(3);
    String first = version.get("id").asText();
    String second = versions.at("/items/0/id").asText();
    assertThat(second).isNotEqualTo(first);

    JsonNode promoted =
        member
            .call(
                HttpMethod.PATCH,
                "/api/v1/model-versions/" + first,
                Map.of("stage", "production"),
                MediaType.APPLICATION_JSON)
            .expect(200)
            .body();
    assertThat(promoted.get("stage").asText()).isEqualTo("production");
    assertThat(promoted.get("allowedStages").toString()).contains("archived", "staging");

    patch(second, "production").expect(200);
    assertThat(
            member.get("/api/v1/model-versions/" + first).expect(200).body().get("stage").asText())
        .as("the former production version")
        .isEqualTo("archived");
    JsonNode refused = patch(first, "production").problem(409);
    assertThat(refused.get("type").asText()).endsWith("stage-transition-not-allowed");
    assertThat(refused.get("detail").asText()).contains("candidate");
    assertThat(patch(first, "retired").problem(400).at("/errors/0/field").asText())
        .isEqualTo("stage");
    patch(first, "candidate").expect(200);
  }

  private Api.Response patch(String versionId, String stage) {
    return member.call(
        HttpMethod.PATCH,
        "/api/v1/model-versions/" + versionId,
        Map.of("stage", stage),
        MediaType.APPLICATION_JSON);
  }

  private HttpHeaders bearer() {
    var headers = new HttpHeaders();
    headers.setBearerAuth(tenant.key());
    return headers;
  }
}
