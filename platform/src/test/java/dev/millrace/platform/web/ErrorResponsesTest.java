package dev.millrace.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.PlatformTest;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Every error is application/problem+json and names what was wrong and where. */
@PlatformTest
class ErrorResponsesTest {

  @Autowired TestRestTemplate http;
  Api api;

  @BeforeEach
  void api() {
    api = new Api(http);
  }

  @Test
  void noKeyIs401WithABearerChallenge() {
    Api.Response response = api.as(null).get("/api/v1/tenants");
    JsonNode problem = response.problem(401);
    assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(problem.get("type").asText()).isEqualTo("urn:millrace:problem:unauthenticated");
    assertThat(problem.get("detail").asText()).contains("Authorization: Bearer");
  }

  @Test
  void anUnknownKeyOrAnotherSchemeIs401() {
    JsonNode unknown =
        api.as("mr_not-a-key-at-all-0000000000000").get("/api/v1/tenants").problem(401);
    assertThat(unknown.get("detail").asText()).contains("Unknown or revoked");
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.AUTHORIZATION, "Basic YWRtaW46YWRtaW4=");
    var response =
        http.exchange("/api/v1/tenants", HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(401);
    assertThat(response.getBody().get("detail").asText()).contains("Bearer <API key>");
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    String body = "{\n  \"name\": \"acme\",\n  oops\n}";
    JsonNode problem =
        api.postRaw("/api/v1/tenants", body, MediaType.APPLICATION_JSON).problem(400);
    assertThat(problem.get("type").asText()).isEqualTo("urn:millrace:problem:malformed-json");
    assertThat(problem.get("line").asInt()).isEqualTo(3);
    assertThat(problem.get("column").asInt()).as("the o of oops").isEqualTo(3);
    assertThat(problem.get("detail").asText())
        .startsWith("Malformed JSON at line 3, column 3: Unexpected character ('o'");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsField() {
    String body = "{\"tenantId\": \"" + UUID.randomUUID() + "\",\n \"credits\": \"lots\"}";
    JsonNode problem =
        api.postRaw("/api/v1/credits/grants", body, MediaType.APPLICATION_JSON).problem(400);
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("credits");
    assertThat(problem.get("errors").get(0).get("message").asText()).contains("'lots'");
    assertThat(problem.get("line").asInt()).isEqualTo(2);
  }

  @Test
  void validationListsEveryField() {
    JsonNode problem = api.post("/api/v1/api-keys", Map.of("name", "")).problem(400);
    assertThat(problem.get("type").asText()).isEqualTo("urn:millrace:problem:invalid");
    assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("name");
    assertThat(problem.get("detail").asText()).startsWith("name: ");
  }

  @Test
  void badPathAndQueryValuesNameTheParameter() {
    JsonNode path = api.get("/api/v1/tenants/not-a-uuid").problem(400);
    assertThat(path.get("errors").get(0).get("field").asText()).isEqualTo("tenantId");
    JsonNode query =
        api.get("/api/v1/credits/ledger?tenantId=" + UUID.randomUUID() + "&size=0").problem(400);
    assertThat(query.get("errors").findValuesAsText("field")).contains("size");
    JsonNode missing = api.get("/api/v1/credits").problem(400);
    assertThat(missing.get("errors").get(0).get("field").asText()).isEqualTo("tenantId");
  }

  @Test
  void requestsRefusedBeforeAnyControllerAreProblemsToo() {
    // The security firewall refuses a path with a semicolon before MVC sees it; the container
    // forwards to /error, answered by ProblemErrorController.
    var response =
        http.exchange(
            URI.create(http.getRootUri() + "/api/v1/tenants;x=1"),
            HttpMethod.GET,
            new HttpEntity<>(new HttpHeaders()),
            JsonNode.class);
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getHeaders().getContentType().toString())
        .isEqualTo("application/problem+json");
    assertThat(response.getBody().get("status").asInt()).isEqualTo(400);
  }

  @Test
  void unknownPathsMethodsAndMediaTypesAreProblemsToo() {
    api.get("/api/v1/no-such-resource").problem(404);
    api.as(null).get("/no-such-page").problem(404);
    api.call(HttpMethod.PUT, "/api/v1/tenants", Map.of(), MediaType.APPLICATION_JSON).problem(405);
    api.postRaw("/api/v1/tenants", "name=x", MediaType.APPLICATION_FORM_URLENCODED).problem(415);
  }
}
