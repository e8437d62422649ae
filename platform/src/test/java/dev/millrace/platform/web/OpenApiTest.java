package dev.millrace.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

@PlatformTest
class OpenApiTest {

  @Autowired TestRestTemplate http;

  @Test
  void theSpecListsTheResourcesAndTheBearerScheme() {
    JsonNode spec = new Api(http).as(null).get("/v3/api-docs").expect(200).body();

    assertThat(spec.get("paths").fieldNames())
        .toIterable()
        .contains(
            "/api/v1/tenants",
            "/api/v1/tenants/{tenantId}",
            "/api/v1/api-keys",
            "/api/v1/api-keys/{keyId}",
            "/api/v1/credits",
            "/api/v1/credits/grants",
            "/api/v1/credits/ledger",
            "/api/v1/credits/reservations",
            "/api/v1/catalog",
            "/api/v1/catalog/{entryId}",
            "/api/v1/datasets",
            "/api/v1/datasets/{datasetId}",
            "/api/v1/playground/predict",
            "/api/v1/playground/estimate",
            "/api/v1/training-runs",
            "/api/v1/training-runs/{runId}",
            "/api/v1/training-runs/{runId}/metrics",
            "/api/v1/training-runs/{runId}/cancel",
            "/api/v1/fine-tune-runs",
            "/api/v1/fine-tune-runs/{runId}",
            "/api/v1/model-versions",
            "/api/v1/model-versions/{versionId}",
            "/api/v1/process-instances",
            "/api/v1/process-instances/{processInstanceKey}",
            "/api/v1/process-instances/{processInstanceKey}/incidents/{incidentKey}/retry");
    JsonNode scheme = spec.at("/components/securitySchemes/apiKey");
    assertThat(scheme.get("type").asText()).isEqualTo("http");
    assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
    assertThat(spec.at("/security/0").has("apiKey")).isTrue();
    // The caller comes from the Authorization header, never from a parameter.
    assertThat(
            spec.at("/paths/~1api~1v1~1tenants/get/parameters").isMissingNode()
                || spec.at("/paths/~1api~1v1~1tenants/get/parameters").isEmpty())
        .isTrue();
  }

  @Test
  void theUiIsServed() {
    var response = http.getForEntity("/swagger-ui/index.html", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody()).contains("swagger-ui");
    assertThat(
            http.getForEntity("/swagger-ui.html", String.class).getStatusCode().is2xxSuccessful()
                || http.getForEntity("/swagger-ui.html", String.class)
                    .getStatusCode()
                    .is3xxRedirection())
        .isTrue();
  }
}
