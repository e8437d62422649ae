package dev.millrace.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/** The platform's REST API as a test calls it: one key, JSON in, JSON (or problems) out. */
public final class Api {

  /** The admin key {@link PlatformTest} contexts bootstrap with. */
  public static final String ADMIN_KEY = "mr_test-admin-key-0123456789abcdef";

  private final TestRestTemplate http;
  private final String key;

  public Api(TestRestTemplate http) {
    this(http, ADMIN_KEY);
  }

  private Api(TestRestTemplate http, String key) {
    this.http = http;
    this.key = key;
  }

  /** The same API called with another key; null calls without an Authorization header. */
  public Api as(String key) {
    return new Api(http, key);
  }

  public Response get(String path) {
    return call(HttpMethod.GET, path, null, null);
  }

  public Response post(String path, Object body) {
    return call(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON);
  }

  /** Posts a body verbatim, for malformed JSON. */
  public Response postRaw(String path, String body, MediaType type) {
    return call(HttpMethod.POST, path, body, type);
  }

  /** A multipart upload: the file as part {@code file}, the other fields as form fields. */
  public Response upload(String path, String fileName, byte[] content, Map<String, String> fields) {
    LinkedMultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
    if (fileName != null) {
      parts.add(
          "file",
          new ByteArrayResource(content) {
            @Override
            public String getFilename() {
              return fileName;
            }
          });
    }
    fields.forEach(parts::add);
    return call(HttpMethod.POST, path, parts, MediaType.MULTIPART_FORM_DATA);
  }

  public Response delete(String path) {
    return call(HttpMethod.DELETE, path, null, null);
  }

  public Response call(HttpMethod method, String path, Object body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    if (key != null) {
      headers.setBearerAuth(key);
    }
    if (type != null) {
      headers.setContentType(type);
    }
    headers.setAccept(
        java.util.List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
    ResponseEntity<JsonNode> response =
        http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    return new Response(response.getStatusCode(), response.getHeaders(), response.getBody());
  }

  /** A new tenant with credits 0 and one member key. */
  public TenantFixture newTenant() {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 12);
    JsonNode tenant = post("/api/v1/tenants", Map.of("name", name)).expect(201).body();
    UUID id = UUID.fromString(tenant.get("id").asText());
    JsonNode key =
        post("/api/v1/api-keys", Map.of("name", "member", "tenantId", id)).expect(201).body();
    return new TenantFixture(id, name, key.get("key").asText());
  }

  public record TenantFixture(UUID id, String name, String key) {}

  public record Response(HttpStatusCode status, HttpHeaders headers, JsonNode body) {

    public Response expect(int code) {
      assertThat(status.value()).as("status of a response with body %s", body).isEqualTo(code);
      return this;
    }

    /** Asserts an RFC 9457 problem with this status and returns it. */
    public JsonNode problem(int code) {
      expect(code);
      assertThat(headers.getContentType())
          .as("content type")
          .isNotNull()
          .satisfies(
              t -> assertThat(t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
      assertThat(body.get("status").asInt()).isEqualTo(code);
      return body;
    }

    public String text(String field) {
      return body.get(field).asText();
    }
  }
}
