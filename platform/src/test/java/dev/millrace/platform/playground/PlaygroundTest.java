package dev.millrace.platform.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import dev.millrace.platform.testing.PlatformTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

@PlatformTest
class PlaygroundTest {

  @Autowired TestRestTemplate http;

  Api member;
  TenantFixture tenant;

  @BeforeEach
  void tenant() {
    tenant = new Api(http).newTenant();
    member = new Api(http).as(tenant.key());
  }

  @Test
  void theBaseModelPredictsBeforeAnyTraining() {
    JsonNode response =
        member
            .post(
                "/api/v1/playground/predict",
                Map.of(
                    "catalogEntry",
                    "tabular-classifier",
                    "rows",
                    List.of(
                        Map.of(
                            "sepal_length",
                            5.1,
                            "sepal_width",
                            3.5,
                            "petal_length",
                            1.4,
                            "petal_width",
                            0.2),
                        Map.of(
                            "sepal_length",
                            6.7,
                            "sepal_width",
                            3.0,
                            "petal_length",
                            5.2,
                            "petal_width",
                            2.3))))
            .expect(200)
            .body();

    JsonNode predictions = response.get("predictions");
    assertThat(predictions).hasSize(2);
    assertThat(predictions.get(0).get("label").asText()).isEqualTo("setosa");
    assertThat(predictions.get(1).get("label").asText()).isEqualTo("virginica");
    assertThat(predictions.get(0).get("probabilities").size()).isEqualTo(3);
  }

  @Test
  void badRowsAndUnknownEntriesNameTheField() {
    JsonNode badRow =
        member
            .post(
                "/api/v1/playground/predict",
                Map.of(
                    "catalogEntry",
                    "tabular-classifier",
                    "rows",
                    List.of(
                        Map.of(
                            "sepal_length", 5.1,
                            "sepal_width", 3.5,
                            "petal_length", 1.4,
                            "petal_width", "wide"))))
            .problem(400);
    assertThat(badRow.at("/errors/0/field").asText()).startsWith("rows[0]");

    JsonNode unknown =
        member
            .post(
                "/api/v1/playground/predict",
                Map.of("catalogEntry", "nope", "rows", List.of(Map.of("x", 1))))
            .problem(400);
    assertThat(unknown.at("/errors/0/field").asText()).isEqualTo("catalogEntry");
  }

  @Test
  void aDryRunEstimatesTimeAndCreditsOnTheTenantsDataset() throws IOException {
    String datasetId = upload(member);

    JsonNode estimate =
        member
            .post(
                "/api/v1/playground/estimate",
                Map.of(
                    "catalogEntry", "tabular-classifier",
                    "datasetId", datasetId,
                    "target", "species",
                    "hyperparameters", Map.of("epochs", 20),
                    "computeType", "cpu",
                    "computeSize", "small"))
            .expect(200)
            .body();

    assertThat(estimate.get("valid").asBoolean()).isTrue();
    assertThat(estimate.get("epochs").asInt()).isEqualTo(20);
    assertThat(estimate.get("estimatedSeconds").asDouble()).isPositive();
    assertThat(estimate.get("estimatedCredits").decimalValue()).isPositive();
    assertThat(estimate.get("computeType").asText()).isEqualTo("cpu");
    assertThat(estimate.get("assumptions").asText()).isNotBlank();

    JsonNode badParameter =
        member
            .post(
                "/api/v1/playground/estimate",
                Map.of(
                    "catalogEntry",
                    "tabular-classifier",
                    "datasetId",
                    datasetId,
                    "target",
                    "species",
                    "hyperparameters",
                    Map.of("epochs", -3)))
            .problem(400);
    assertThat(badParameter.at("/errors/0/field").asText()).isEqualTo("hyperparameters.epochs");

    Api other = new Api(http).as(new Api(http).newTenant().key());
    other
        .post(
            "/api/v1/playground/estimate",
            Map.of(
                "catalogEntry", "tabular-classifier", "datasetId", datasetId, "target", "species"))
        .problem(404);
  }

  private static String upload(Api api) throws IOException {
    try (InputStream in = PlaygroundTest.class.getResourceAsStream("/datasets/iris.csv")) {
      return api.upload("/api/v1/datasets", "iris.csv", in.readAllBytes(), Map.of())
          .expect(201)
          .body()
          .get("id")
          .asText();
    }
  }
}
