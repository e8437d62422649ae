package dev.millrace.platform.deployments;

import static dev.millrace.platform.deployments.Deploys.awaitStatus;
import static dev.millrace.platform.deployments.Deploys.request;
import static dev.millrace.platform.deployments.Deploys.scaling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.compute.local.LocalComputeBackend;
import dev.millrace.platform.models.ModelVersions;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

/**
 * The deployments API's refusals and rules: bad requests name their field, a tenant short of
 * credits gets a 402 and nothing starts, names are unique per tenant while live, the quota holds,
 * another tenant sees nothing, and an endpoint whose replicas cannot start fails its deployment
 * with the reason and gives every credit back.
 */
@DeploymentsTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentsApiTest {

  @Autowired TestRestTemplate http;
  @Autowired LocalComputeBackend backend;
  @Autowired ModelVersions versions;
  @LocalServerPort int port;

  Api admin;
  Deploys.Owner owner;
  Api member;

  @BeforeAll
  void ownerWithATrainedModel() {
    admin = new Api(http);
    owner = Deploys.owner(admin, port);
    member = owner.member();
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    assertField(b -> b.put("name", "Not_A_DNS_Label"), "name");
    assertField(b -> b.put("name", "a".repeat(55)), "name");
    assertField(b -> b.remove("name"), "name");
    assertField(b -> b.remove("modelVersionId"), "modelVersionId");
    assertField(b -> b.put("modelVersionId", UUID.randomUUID()), "modelVersionId");
    assertField(b -> b.put("visibility", "internal"), "visibility");
    assertField(b -> b.put("computeType", "tpu"), "computeType");
    assertField(b -> b.put("podSize", "huge"), "podSize");
    assertField(b -> b.put("podSize", "large"), "podSize"); // larger than computeSize small
    assertField(scaling("memory", 50, 1, 1), "autoscaling.policy");
    assertField(scaling("cpu", 0, 1, 1), "autoscaling.target");
    assertField(scaling("cpu", 150, 1, 1), "autoscaling.target");
    assertField(scaling("requests", 10, -1, 1), "autoscaling.minReplicas");
    assertField(scaling("requests", 10, 3, 2), "autoscaling.minReplicas");
    assertField(scaling("requests", 10, 1, 0), "autoscaling.maxReplicas");
    assertField(scaling("requests", 10, 1, 11), "autoscaling.maxReplicas");
    if (backend.gpuAvailable()) {
      System.out.println("[deployments] this machine has a GPU: the gpu refusal is not tested");
    } else {
      JsonNode gpu = assertField(b -> b.put("computeType", "gpu"), "computeType");
      assertThat(gpu.at("/errors/0/message").asText()).contains("gpu is not available");
    }
    JsonNode malformed =
        member
            .postRaw("/api/v1/deployments", "{\"name\": ", MediaType.APPLICATION_JSON)
            .problem(400);
    assertThat(malformed.get("type").asText()).isEqualTo("urn:millrace:problem:malformed-json");
    assertThat(member.get("/api/v1/deployments?status=sleeping").problem(400).at("/errors/0/field"))
        .isNotNull();
  }

  @Test
  void aTenantShortOfCreditsGetsA402AndNothingStarts() {
    // Large replicas, ten of them from the start: the first hour costs more than the owner has.
    BigDecimal price =
        admin
            .get("/api/v1/catalog/tabular-classifier")
            .expect(200)
            .body()
            .get("prices")
            .findParents("computeSize")
            .stream()
            .filter(p -> p.get("computeType").asText().equals("cpu"))
            .filter(p -> p.get("computeSize").asText().equals("large"))
            .findFirst()
            .orElseThrow()
            .get("creditsPerSecond")
            .decimalValue();
    BigDecimal required = price.multiply(BigDecimal.valueOf(3600 * 10));
    BigDecimal available = balance();
    assertThat(required).isGreaterThan(available);
    long deployProcessesBefore = deployProcesses();
    String name = Deploys.uniqueName("too-dear");

    JsonNode refused =
        member
            .post(
                "/api/v1/deployments",
                request(
                    owner.modelVersionId(),
                    name,
                    b -> {
                      b.put("computeSize", "large");
                      b.put("podSize", "large");
                      scaling("cpu", 70, 10, 10).accept(b);
                    }))
            .problem(402);

    assertThat(refused.get("type").asText()).isEqualTo("urn:millrace:problem:insufficient-credits");
    assertThat(refused.get("required").decimalValue()).isEqualByComparingTo(required);
    assertThat(refused.get("available").decimalValue()).isEqualByComparingTo(available);
    assertThat(balance()).isEqualByComparingTo(available);
    assertThat(member.get("/api/v1/deployments?size=500").expect(200).body().get("items"))
        .noneMatch(d -> d.get("name").asText().equals(name));
    assertThat(member.get("/api/v1/credits/reservations?state=OPEN").expect(200).body())
        .noneMatch(r -> r.toString().contains(name));
    // The exporter records a started instance within milliseconds; give it ample time.
    Deploys.sleep(1500);
    assertThat(deployProcesses()).as("deploy-model instances").isEqualTo(deployProcessesBefore);
  }

  @Test
  void namesAreUniqueWhileLiveTheQuotaHoldsAndAnEndedNameIsFreeAgain() {
    String name = Deploys.uniqueName("taken");
    JsonNode first =
        member
            .post(
                "/api/v1/deployments",
                request(owner.modelVersionId(), name, scaling("requests", 10, 1, 10)))
            .expect(201)
            .body();
    JsonNode clash =
        member
            .post("/api/v1/deployments", request(owner.modelVersionId(), name, b -> {}))
            .problem(409);
    assertThat(clash.get("type").asText()).isEqualTo("urn:millrace:problem:name-taken");
    // 10 replicas already counted for this tenant (quota 16 in these tests): 7 more exceed it.
    JsonNode quota =
        member
            .post(
                "/api/v1/deployments",
                request(
                    owner.modelVersionId(),
                    Deploys.uniqueName("over"),
                    scaling("requests", 10, 1, 7)))
            .problem(409);
    assertThat(quota.get("type").asText()).isEqualTo("urn:millrace:problem:quota-exceeded");
    assertThat(quota.get("detail").asText()).contains("16");

    String id = first.get("id").asText();
    member.delete("/api/v1/deployments/" + id).expect(202);
    JsonNode deleted = awaitStatus(member, id, "DELETED");
    assertThat(member.delete("/api/v1/deployments/" + id).expect(200).body().get("status").asText())
        .as("deleting an ended deployment changes nothing")
        .isEqualTo("DELETED");
    assertThat(deleted.at("/credits/reservationState").asText()).isEqualTo("CLOSED");

    JsonNode again =
        member
            .post("/api/v1/deployments", request(owner.modelVersionId(), name, b -> {}))
            .expect(201)
            .body();
    assertThat(again.at("/endpoint/name").asText())
        .as("the same name, the same endpoint URL")
        .isEqualTo(first.at("/endpoint/name").asText());
    // Undeployed while still provisioning: deploy-model is cancelled, undeploy-model settles.
    String againId = again.get("id").asText();
    member.delete("/api/v1/deployments/" + againId).expect(202);
    JsonNode gone = awaitStatus(member, againId, "DELETED");
    assertThat(gone.at("/credits/reservationState").asText()).isEqualTo("CLOSED");
    assertThat(backend.endpointStatus(againId)).isEmpty();
    assertThat(
            member
                .get(
                    "/api/v1/process-instances/"
                        + gone.at("/processes/deployProcessInstanceKey").asText())
                .expect(200)
                .body()
                .at("/instance/state")
                .asText())
        .isIn("TERMINATED", "COMPLETED");
  }

  @Test
  void anotherTenantSeesNothingAndCannotDeployTheModel() {
    JsonNode mine =
        member
            .post(
                "/api/v1/deployments",
                request(owner.modelVersionId(), Deploys.uniqueName("mine"), b -> {}))
            .expect(201)
            .body();
    String id = mine.get("id").asText();
    try {
      TenantFixture stranger = admin.newTenant();
      Api other = admin.as(stranger.key());
      assertThat(other.get("/api/v1/deployments/" + id).problem(404).get("type").asText())
          .isEqualTo("urn:millrace:problem:not-found");
      other.delete("/api/v1/deployments/" + id).problem(404);
      other.get("/api/v1/deployments/" + id + "/scaling-events").problem(404);
      assertThat(other.get("/api/v1/deployments").expect(200).body().get("items")).isEmpty();
      Deploys.grant(admin, stranger.id(), 100);
      JsonNode borrowed =
          other
              .post(
                  "/api/v1/deployments",
                  request(owner.modelVersionId(), Deploys.uniqueName("borrowed"), b -> {}))
              .problem(400);
      assertThat(borrowed.at("/errors/0/field").asText()).isEqualTo("modelVersionId");
      // A member cannot name another tenant; an admin can.
      other.get("/api/v1/deployments?tenantId=" + owner.tenant().id()).problem(404);
      assertThat(
              admin
                  .get("/api/v1/deployments/" + id + "?tenantId=" + owner.tenant().id())
                  .expect(200)
                  .body()
                  .get("id")
                  .asText())
          .isEqualTo(id);
    } finally {
      member.delete("/api/v1/deployments/" + id).expect(202);
      awaitStatus(member, id, "DELETED");
    }
  }

  @Test
  void anEndpointWhoseReplicasCannotStartFailsTheDeploymentAndReleasesItsCredits(
      @TempDir Path broken) throws IOException {
    Path good = versions.artifactDir(versions.get(owner.tenant().id(), owner.modelVersionId()));
    copy(good, broken);
    try (Stream<Path> weights = Files.list(broken.resolve("model"))) {
      for (Path file : weights.filter(f -> f.toString().endsWith(".params")).toList()) {
        Files.writeString(file, "these are not weights");
      }
    }
    UUID brokenVersion =
        versions
            .register(
                new ModelVersions.Registration(
                    owner.tenant().id(),
                    UUID.randomUUID(),
                    "iris-broken",
                    null,
                    UUID.randomUUID(),
                    broken))
            .id();
    BigDecimal before = balance();
    JsonNode created =
        member
            .post(
                "/api/v1/deployments",
                request(brokenVersion, Deploys.uniqueName("broken"), b -> {}))
            .expect(201)
            .body();
    String id = created.get("id").asText();
    JsonNode failed = awaitStatus(member, id, "FAILED");
    System.out.println("[deployments] failed deployment: " + failed.get("failureMessage"));
    assertThat(failed.get("failureMessage").asText()).contains("replicas fail to start");
    assertThat(failed.at("/credits/reservationState").asText()).isEqualTo("CLOSED");
    assertThat(failed.at("/credits/charged").decimalValue()).isZero();
    assertThat(failed.at("/credits/released").decimalValue())
        .isEqualByComparingTo(failed.at("/credits/reserved").decimalValue());
    assertThat(balance()).isEqualByComparingTo(before);
    assertThat(backend.endpointStatus(id)).isEmpty();
    assertThat(
            member
                .get(
                    "/api/v1/process-instances/"
                        + failed.at("/processes/deployProcessInstanceKey").asText())
                .expect(200)
                .body()
                .at("/instance/state")
                .asText())
        .isEqualTo("COMPLETED");
  }

  private JsonNode assertField(Consumer<Map<String, Object>> change, String field) {
    JsonNode problem =
        member
            .post(
                "/api/v1/deployments",
                request(owner.modelVersionId(), Deploys.uniqueName("bad"), change))
            .problem(400);
    assertThat(problem.get("errors").findValuesAsText("field"))
        .as("fields named in %s", problem)
        .contains(field);
    return problem;
  }

  private BigDecimal balance() {
    return member.get("/api/v1/credits").expect(200).body().get("available").decimalValue();
  }

  private long deployProcesses() {
    return member
        .get("/api/v1/process-instances?bpmnProcessId=deploy-model&size=500")
        .expect(200)
        .body()
        .get("totalItems")
        .asLong();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
