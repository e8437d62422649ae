package dev.millrace.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

@PlatformTest
class CatalogApiTest {

  @Autowired TestRestTemplate http;

  @Test
  void everyEntryComesWithItsDocumentSchemaResourcesAndPrices() {
    JsonNode entries = new Api(http).get("/api/v1/catalog").expect(200).body();

    assertThat(entries.findValuesAsText("id"))
        .contains(
            "tabular-classifier",
            "tabular-regressor",
            "gradient-boosted-trees",
            "image-classifier");
    for (JsonNode entry : entries) {
      assertThat(entry.get("documentation").asText()).contains("## Hyper-parameters");
      assertThat(entry.at("/hyperparameterSchema/properties").size()).isPositive();
      assertThat(entry.at("/resources/minCpus").asInt()).isPositive();
      assertThat(entry.get("prices").findValuesAsText("computeType")).contains("cpu");
    }
    JsonNode classifier =
        new Api(http).get("/api/v1/catalog/tabular-classifier").expect(200).body();
    assertThat(classifier.get("task").asText()).isEqualTo("classification");
    assertThat(classifier.get("baseModel").asBoolean()).isTrue();
    assertThat(classifier.at("/prices/0/creditsPerSecond").decimalValue()).isPositive();
  }

  @Test
  void theDocumentIsMarkdownAndUnknownEntriesAre404() {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(Api.ADMIN_KEY);
    var response =
        http.exchange(
            "/api/v1/catalog/tabular-classifier/document",
            HttpMethod.GET,
            new HttpEntity<>(headers),
            String.class);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("text/markdown");
    assertThat(response.getBody()).contains("## Resources and costs");

    new Api(http).get("/api/v1/catalog/no-such-model").problem(404);
    new Api(http).as(null).get("/api/v1/catalog").problem(401);
  }
}
