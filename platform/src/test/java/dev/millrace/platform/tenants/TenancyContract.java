package dev.millrace.platform.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tenants, API keys and isolation through the REST API; run on H2 and on PostgreSQL. */
abstract class TenancyContract {

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;

  Api admin;
  TenantFixture a;
  TenantFixture b;

  @BeforeEach
  void twoTenants() {
    admin = new Api(http);
    a = admin.newTenant();
    b = admin.newTenant();
  }

  @Test
  void memberSeesOnlyItsOwnTenant() {
    JsonNode list = admin.as(a.key()).get("/api/v1/tenants").expect(200).body();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(a.id().toString());

    admin.as(a.key()).get("/api/v1/tenants/" + a.id()).expect(200);
    admin.as(a.key()).get("/api/v1/tenants/" + b.id()).problem(404);
    admin.get("/api/v1/tenants/" + b.id()).expect(200);
    assertThat(admin.get("/api/v1/tenants").expect(200).body().findValuesAsText("id"))
        .contains(a.id().toString(), b.id().toString());
  }

  @Test
  void anotherTenantsObjectAnswersExactlyLikeAMissingOne() {
    Api member = admin.as(a.key());
    UUID missing = UUID.randomUUID();
    JsonNode other = member.get("/api/v1/tenants/" + b.id()).problem(404);
    JsonNode none = member.get("/api/v1/tenants/" + missing).problem(404);

    assertThat(other.get("type")).isEqualTo(none.get("type"));
    assertThat(other.get("title")).isEqualTo(none.get("title"));
    assertThat(other.get("detail").asText().replace(b.id().toString(), "?"))
        .isEqualTo(none.get("detail").asText().replace(missing.toString(), "?"));

    member.get("/api/v1/credits?tenantId=" + b.id()).problem(404);
    member.get("/api/v1/credits/ledger?tenantId=" + b.id()).problem(404);
    member.get("/api/v1/api-keys?tenantId=" + b.id()).problem(404);
  }

  @Test
  void keyIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
    JsonNode created =
        admin.as(a.key()).post("/api/v1/api-keys", Map.of("name", "ci")).expect(201).body();
    String key = created.get("key").asText();
    assertThat(key).startsWith("mr_").hasSizeGreaterThan(40);
    assertThat(created.get("tenantId").asText()).isEqualTo(a.id().toString());

    JsonNode read = admin.as(a.key()).get("/api/v1/api-keys/" + created.get("id").asText()).body();
    assertThat(read.has("key")).isFalse();
    assertThat(admin.as(a.key()).get("/api/v1/api-keys").body().findValues("key")).isEmpty();

    Map<String, Object> row =
        jdbc.queryForMap(
            "select * from api_keys where id = ?", UUID.fromString(created.get("id").asText()));
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    assertThat(row.get("secret_hash")).isEqualTo(sha256);
    assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(key));
    assertThat(key).startsWith(row.get("prefix").toString());

    admin.as(key).get("/api/v1/api-keys/current").expect(200);
  }

  @Test
  void currentKeyNamesItsRoleAndTenant() {
    JsonNode member = admin.as(a.key()).get("/api/v1/api-keys/current").expect(200).body();
    assertThat(member.get("role").asText()).isEqualTo("MEMBER");
    assertThat(member.get("tenantId").asText()).isEqualTo(a.id().toString());

    JsonNode operator = admin.get("/api/v1/api-keys/current").expect(200).body();
    assertThat(operator.get("role").asText()).isEqualTo("ADMIN");
    assertThat(operator.get("tenantId").isNull()).isTrue();
  }

  @Test
  void memberCannotActAsTheOperator() {
    Api member = admin.as(a.key());
    member.post("/api/v1/tenants", Map.of("name", "sneaky")).problem(403);
    member.post("/api/v1/api-keys", Map.of("name", "x", "role", "ADMIN")).problem(403);
    member.post("/api/v1/credits/grants", Map.of("tenantId", a.id(), "credits", 1000)).problem(403);
    member.get("/actuator/metrics").problem(403);
  }

  @Test
  void memberCannotCreateSeeOrRevokeAnotherTenantsKeys() {
    Api member = admin.as(a.key());
    member.post("/api/v1/api-keys", Map.of("name", "theirs", "tenantId", b.id())).problem(404);

    String bKeyId = admin.as(b.key()).get("/api/v1/api-keys/current").body().get("id").asText();
    member.get("/api/v1/api-keys/" + bKeyId).problem(404);
    member.delete("/api/v1/api-keys/" + bKeyId).problem(404);
    admin.as(b.key()).get("/api/v1/api-keys/current").expect(200);

    List<String> tenants =
        member.get("/api/v1/api-keys").expect(200).body().findValuesAsText("tenantId");
    assertThat(tenants).isNotEmpty().allMatch(a.id().toString()::equals);
  }

  @Test
  void revokedKeyStopsWorkingAtOnce() {
    Api member = admin.as(a.key());
    JsonNode second = member.post("/api/v1/api-keys", Map.of("name", "short-lived")).body();
    String key = second.get("key").asText();
    admin.as(key).get("/api/v1/tenants").expect(200);

    JsonNode revoked =
        member.delete("/api/v1/api-keys/" + second.get("id").asText()).expect(200).body();
    assertThat(revoked.get("revokedAt").isNull()).isFalse();
    admin.as(key).get("/api/v1/tenants").problem(401);
    member.get("/api/v1/tenants").expect(200);
  }

  @Test
  void adminKeysBelongToNoTenantAndTheLastOneCannotBeRevoked() {
    admin
        .post("/api/v1/api-keys", Map.of("name", "x", "role", "ADMIN", "tenantId", a.id()))
        .problem(400);
    admin.post("/api/v1/api-keys", Map.of("name", "no-tenant")).problem(400);

    JsonNode second =
        admin.post("/api/v1/api-keys", Map.of("name", "ops", "role", "ADMIN")).expect(201).body();
    Api other = admin.as(second.get("key").asText());
    String bootstrapId = admin.get("/api/v1/api-keys/current").body().get("id").asText();
    other.delete("/api/v1/api-keys/" + second.get("id").asText()).expect(200);
    admin.delete("/api/v1/api-keys/" + bootstrapId).problem(409);
    admin.get("/api/v1/tenants").expect(200);
  }

  @Test
  void tenantNamesAreUniqueAndValidated() {
    assertThat(
            admin
                .post("/api/v1/tenants", Map.of("name", a.name()))
                .problem(409)
                .get("type")
                .asText())
        .isEqualTo("urn:millrace:problem:name-taken");
    JsonNode invalid = admin.post("/api/v1/tenants", Map.of("name", "Not Valid!")).problem(400);
    assertThat(invalid.get("errors").get(0).get("field").asText()).isEqualTo("name");
  }
}
