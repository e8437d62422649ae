package dev.millrace.platform.deployments;

import static dev.millrace.platform.deployments.Deploys.await;
import static dev.millrace.platform.deployments.Deploys.awaitStatus;
import static dev.millrace.platform.deployments.Deploys.infer;
import static dev.millrace.platform.deployments.Deploys.request;
import static dev.millrace.platform.deployments.Deploys.scaling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.compute.local.LocalComputeBackend;
import dev.millrace.platform.compute.local.ServiceToken;
import dev.millrace.platform.testing.Api;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An iris classifier the tenant trained, deployed twice through the REST API (private and public)
 * on the real local backend: each endpoint is provisioned, smoke-tested and published by
 * deploy-model; both answer through the router only the callers they should; load scales the
 * private one out and idleness takes the public one to zero and back (cold start), every decision
 * visible on the deployment with its reason; monitor rounds charge replica time; undeploying stops
 * every replica and leaves the ledger balanced, with the charge matching the replica time.
 */
@DeploymentsTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentLifecycleTest {

  @Autowired TestRestTemplate http;
  @Autowired ServiceToken serviceToken;
  @Autowired LocalComputeBackend backend;
  @LocalServerPort int port;

  Api admin;
  Deploys.Owner owner;
  Api member;
  JsonNode privateOne;
  JsonNode publicOne;
  Instant requested;

  @BeforeAll
  void ownerWithATrainedModel() {
    admin = new Api(http);
    owner = Deploys.owner(admin, port);
    member = owner.member();
  }

  @Test
  @Order(1)
  void deploysAPrivateAndAPublicEndpointThroughTheApi() {
    requested = Instant.now();
    long start = System.nanoTime();
    JsonNode created =
        member
            .post(
                "/api/v1/deployments",
                request(
                    owner.modelVersionId(),
                    Deploys.uniqueName("iris-private"),
                    scaling("requests", 2, 1, 2)))
            .expect(201)
            .body();
    assertThat(created.get("status").asText()).isEqualTo("PROVISIONING");
    assertThat(created.at("/credits/reservationState").asText()).isEqualTo("OPEN");
    BigDecimal price = created.at("/credits/pricePerReplicaSecond").decimalValue();
    assertThat(created.at("/credits/reserved").decimalValue())
        .as("the first hour at minReplicas")
        .isEqualByComparingTo(price.multiply(BigDecimal.valueOf(3600)));
    JsonNode createdPublic =
        member
            .post(
                "/api/v1/deployments",
                request(
                    owner.modelVersionId(),
                    Deploys.uniqueName("iris-public"),
                    body -> {
                      body.put("visibility", "public");
                      scaling("requests", 50, 0, 1).accept(body);
                    }))
            .expect(201)
            .body();

    privateOne = awaitStatus(member, created.get("id").asText(), "READY");
    double readySeconds = (System.nanoTime() - start) / 1e9;
    publicOne = awaitStatus(member, createdPublic.get("id").asText(), "READY");
    System.out.printf(
        "[deployments] POST to READY (provision, replica start, smoke test, publish): %.1f s%n",
        readySeconds);

    for (JsonNode d : List.of(privateOne, publicOne)) {
      String endpointName = d.at("/endpoint/name").asText();
      assertThat(endpointName)
          .isEqualTo(d.get("name").asText() + "-" + owner.tenant().id().toString().substring(0, 8));
      assertThat(d.get("url").asText())
          .isEqualTo("http://127.0.0.1:" + port + "/endpoints/" + endpointName);
      assertThat(d.at("/replicas/ready").asInt()).isEqualTo(1);
      assertThat(d.at("/smokeTest/comparedWithInProcessPrediction").asText())
          .as("smoke test %s", d.get("smokeTest"))
          .isEqualTo("agrees");
      assertThat(d.at("/smokeTest/answer/label").asText())
          .isIn("setosa", "versicolor", "virginica");
      assertThat(d.get("scalingEvents").findValuesAsText("reason"))
          .anyMatch(reason -> reason.startsWith("endpoint applied"));
      assertThat(d.get("readyAt").isNull()).isFalse();
      long process = d.at("/processes/deployProcessInstanceKey").asLong();
      await(
          member,
          "/api/v1/process-instances/" + process,
          p -> "COMPLETED".equals(p.at("/instance/state").asText()),
          Duration.ofSeconds(30));
    }
  }

  @Test
  @Order(2)
  void thePrivateEndpointAnswersOnlyThePlatformsServiceToken() {
    String url = privateOne.get("url").asText();
    String name = privateOne.at("/endpoint/name").asText();
    HttpResponse<String> inside = infer(url, name, serviceToken.authorization());
    assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
    assertThat(Deploys.json(inside.body()).at("/outputs/0/data/0").asText()).isEqualTo("setosa");
    assertThat(infer(url, name, null).statusCode()).as("no credential").isEqualTo(403);
    assertThat(infer(url, name, "Bearer " + owner.tenant().key()).statusCode())
        .as("even the owner's API key")
        .isEqualTo(403);
    // Inside the platform (what connectors do), through the REST API: the owner may call it.
    String infer = "/api/v1/deployments/" + privateOne.get("id").asText() + "/infer";
    JsonNode viaPlatform =
        member.post(infer, Deploys.json(Deploys.SETOSA_REQUEST)).expect(200).body();
    assertThat(viaPlatform.at("/outputs/0/data/0").asText()).isEqualTo("setosa");
    admin.as(admin.newTenant().key()).post(infer, Deploys.json(Deploys.SETOSA_REQUEST)).expect(404);
  }

  @Test
  @Order(3)
  void thePublicEndpointAnswersTheOwningTenantsKeys() {
    String url = publicOne.get("url").asText();
    String name = publicOne.at("/endpoint/name").asText();
    HttpResponse<String> anonymous = infer(url, name, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    HttpResponse<String> owned = infer(url, name, "Bearer " + owner.tenant().key());
    assertThat(owned.statusCode()).as(owned.body()).isEqualTo(200);
    Api.TenantFixture stranger = admin.newTenant();
    assertThat(infer(url, name, "Bearer " + stranger.key()).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(4)
  void loadScalesThePrivateEndpointOutAndTheDeploymentShowsWhy() throws Exception {
    String url = privateOne.get("url").asText();
    String name = privateOne.at("/endpoint/name").asText();
    String path = "/api/v1/deployments/" + privateOne.get("id").asText();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      clients.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (loading.get()) {
                      if (infer(url, name, serviceToken.authorization()).statusCode() != 200) {
                        failures.incrementAndGet();
                      }
                      Deploys.sleep(20);
                    }
                  }));
    }
    long start = System.nanoTime();
    JsonNode scaled;
    try {
      scaled =
          await(
              member,
              path,
              d -> d.at("/replicas/desired").asInt() == 2 && d.at("/replicas/ready").asInt() == 2,
              Duration.ofMinutes(2));
    } finally {
      loading.set(false);
      for (Thread client : clients) {
        client.join();
      }
    }
    System.out.printf(
        "[deployments] requests load to 2 ready replicas: %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    assertThat(failures.get()).as("requests refused while scaling out").isZero();
    assertThat(scaled.get("scalingEvents").findValuesAsText("reason"))
        .anyMatch(reason -> reason.startsWith("requests ") && reason.endsWith("→ 2"));
    JsonNode all = member.get(path + "/scaling-events").expect(200).body();
    assertThat(all.at("/items/0/reason").asText()).startsWith("endpoint applied");
    assertThat(all.get("items").findValuesAsText("reason"))
        .anyMatch(reason -> reason.startsWith("requests ") && reason.endsWith("→ 2"));
  }

  @Test
  @Order(5)
  void idlenessTakesThePublicEndpointToZeroAndARequestBringsItBack() {
    String path = "/api/v1/deployments/" + publicOne.get("id").asText();
    JsonNode idle =
        await(
            member,
            path,
            d -> d.at("/replicas/desired").asInt() == 0 && d.at("/replicas/ready").asInt() == 0,
            Duration.ofMinutes(1));
    assertThat(idle.get("status").asText()).isEqualTo("READY");
    assertThat(idle.at("/endpoint/state").asText()).isEqualTo("READY");
    assertThat(idle.get("scalingEvents").findValuesAsText("reason"))
        .anyMatch(reason -> reason.startsWith("no requests") && reason.endsWith("→ 0"));

    long start = System.nanoTime();
    HttpResponse<String> cold =
        infer(
            publicOne.get("url").asText(),
            publicOne.at("/endpoint/name").asText(),
            "Bearer " + owner.tenant().key());
    double coldStart = (System.nanoTime() - start) / 1e9;
    assertThat(cold.statusCode()).as(cold.body()).isEqualTo(200);
    System.out.printf("[deployments] cold start through the router: %.1f s%n", coldStart);
    JsonNode back =
        await(
            member,
            path,
            d ->
                d.get("scalingEvents").findValuesAsText("reason").stream()
                    .anyMatch(r -> r.startsWith("request arrived while scaled to zero")),
            Duration.ofSeconds(30));
    assertThat(back.at("/replicas/desired").asInt()).isGreaterThanOrEqualTo(0);
  }

  @Test
  @Order(6)
  void monitorRoundsChargeReplicaTimeWhileTheEndpointsRun() {
    for (JsonNode d : List.of(privateOne, publicOne)) {
      JsonNode charged =
          await(
              member,
              "/api/v1/deployments/" + d.get("id").asText(),
              x -> x.at("/credits/charged").decimalValue().signum() > 0,
              Duration.ofSeconds(30));
      assertThat(charged.at("/credits/reservationState").asText()).isEqualTo("OPEN");
      assertThat(charged.at("/credits/replicaSeconds").asDouble()).isPositive();
    }
  }

  @Test
  @Order(7)
  void undeployingStopsEveryReplicaAndSettlesTheCredits() {
    List<Long> replicas = new ArrayList<>();
    for (JsonNode d : List.of(privateOne, publicOne)) {
      replicas.addAll(backend.endpointProcesses(d.get("id").asText()));
    }
    assertThat(replicas).isNotEmpty();
    Instant undeployRequested = Instant.now();
    for (JsonNode d : List.of(privateOne, publicOne)) {
      JsonNode draining =
          member.delete("/api/v1/deployments/" + d.get("id").asText()).expect(202).body();
      assertThat(draining.get("status").asText()).isEqualTo("DRAINING");
      // Asking again while it drains starts nothing new.
      JsonNode again =
          member.delete("/api/v1/deployments/" + d.get("id").asText()).expect(202).body();
      assertThat(again.at("/processes/undeployProcessInstanceKey").asLong())
          .isEqualTo(draining.at("/processes/undeployProcessInstanceKey").asLong());
    }
    for (JsonNode d : List.of(privateOne, publicOne)) {
      String id = d.get("id").asText();
      JsonNode deleted = awaitStatus(member, id, "DELETED");
      Instant deletedSeen = Instant.now();
      assertThat(deleted.at("/replicas/ready").asInt()).isZero();
      assertThat(deleted.at("/endpoint/state").asText()).isEqualTo("DELETED");
      assertThat(backend.endpointStatus(id)).isEmpty();
      assertThat(infer(d.get("url").asText(), d.at("/endpoint/name").asText(), null).statusCode())
          .isEqualTo(404);

      member
          .post("/api/v1/deployments/" + id + "/infer", Deploys.json(Deploys.SETOSA_REQUEST))
          .expect(409);

      JsonNode credits = deleted.get("credits");
      assertThat(credits.get("reservationState").asText()).isEqualTo("CLOSED");
      BigDecimal charged = credits.get("charged").decimalValue();
      assertThat(charged.add(credits.get("released").decimalValue()))
          .as("charged + released = reserved: %s", credits)
          .isEqualByComparingTo(credits.get("reserved").decimalValue());
      assertThat(credits.get("unpaid").decimalValue()).isZero();
      double replicaSeconds = credits.get("replicaSeconds").asDouble();
      BigDecimal price = credits.get("pricePerReplicaSecond").decimalValue();
      assertThat(charged)
          .as("replica time x price, rounded up to the micro-credit")
          .isEqualByComparingTo(
              price.multiply(BigDecimal.valueOf(replicaSeconds)).setScale(6, RoundingMode.CEILING));
      // Independent bounds: one replica at least from READY to the undeploy request (if it may
      // not scale to zero); at most maxReplicas for the whole life of the deployment.
      double lower =
          Duration.between(Instant.parse(d.get("readyAt").asText()), undeployRequested).toMillis()
              / 1000.0
              * (d.at("/autoscaling/minReplicas").asInt() > 0 ? 0.9 : 0);
      // A replica leaving may still run while its successor starts: at most the drain grace
      // (2 s here) per scaling change.
      double upper =
          Duration.between(requested, deletedSeen).toMillis()
                  / 1000.0
                  * d.at("/autoscaling/maxReplicas").asInt()
              + 2.0 * deleted.get("scalingEvents").size();
      System.out.printf(
          "[deployments] %s: %.1f replica-seconds charged %s credits (bounds %.1f..%.1f)%n",
          deleted.get("name").asText(), replicaSeconds, charged, lower, upper);
      assertThat(replicaSeconds).isBetween(lower, upper);

      JsonNode undeploy =
          await(
              member,
              "/api/v1/process-instances/" + deleted.at("/processes/undeployProcessInstanceKey"),
              p -> "COMPLETED".equals(p.at("/instance/state").asText()),
              Duration.ofSeconds(30));
      assertThat(undeploy.at("/instance/bpmnProcessId").asText()).isEqualTo("undeploy-model");
    }
    assertThat(replicas).as("replica processes").noneMatch(Deploys::alive);
    assertThat(member.get("/api/v1/credits/reservations?state=OPEN").expect(200).body())
        .as("no reservation left open")
        .isEmpty();
    JsonNode ledger = member.get("/api/v1/credits/ledger?size=500").expect(200).body();
    for (JsonNode transaction : ledger.get("items")) {
      long sum = 0;
      for (JsonNode entry : transaction.get("entries")) {
        sum += entry.get("amount").decimalValue().movePointRight(6).longValueExact();
      }
      assertThat(sum).as("entries of %s", transaction).isZero();
    }
    List<String> mine = List.of(privateOne.get("id").asText(), publicOne.get("id").asText());
    List<String> monitors = new ArrayList<>();
    for (JsonNode monitor :
        member
            .get("/api/v1/process-instances?bpmnProcessId=monitor-endpoint&size=500")
            .expect(200)
            .body()
            .get("items")) {
      JsonNode detail =
          member
              .get("/api/v1/process-instances/" + monitor.get("processInstanceKey").asText())
              .expect(200)
              .body();
      if (mine.contains(detail.at("/variables/deploymentId").asText())) {
        monitors.add(detail.at("/instance/state").asText());
      }
    }
    assertThat(monitors)
        .as("one monitor per deployment, each ended")
        .containsExactly("COMPLETED", "COMPLETED");
  }
}
