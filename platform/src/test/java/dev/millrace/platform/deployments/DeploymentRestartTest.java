package dev.millrace.platform.deployments;

import static dev.millrace.platform.deployments.Deploys.await;
import static dev.millrace.platform.deployments.Deploys.awaitStatus;
import static dev.millrace.platform.deployments.Deploys.infer;
import static dev.millrace.platform.deployments.Deploys.request;
import static dev.millrace.platform.deployments.Deploys.scaling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.MillraceApplication;
import dev.millrace.platform.compute.local.LocalComputeBackend;
import dev.millrace.platform.compute.local.ServiceToken;
import dev.millrace.platform.testing.Api;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A platform stopped while an endpoint it scaled out to two replicas serves, and started again on
 * the same data: the endpoint comes back at its URL with the two replicas it had, the deployment
 * stays READY, its monitor goes on charging, and undeploying it afterwards settles the time of both
 * platform runs.
 */
class DeploymentRestartTest {

  @TempDir Path dataDir;

  @Test
  void anEndpointComesBackWithItsReplicasAfterARestartAndIsChargedForBothRuns() throws Exception {
    Deploys.Owner owner;
    String id;
    List<Long> firstReplicas;
    double replicaSecondsAtStop;
    try (ConfigurableApplicationContext first = start()) {
      Api admin = api(first);
      owner = Deploys.newOwner(admin, 100);
      Api member = owner.member();
      id =
          member
              .post(
                  "/api/v1/deployments",
                  request(
                      owner.modelVersionId(),
                      Deploys.uniqueName("survivor"),
                      scaling("requests", 2, 1, 2)))
              .expect(201)
              .body()
              .get("id")
              .asText();
      JsonNode ready = awaitStatus(member, id, "READY");
      String token = first.getBean(ServiceToken.class).authorization();
      AtomicBoolean loading = new AtomicBoolean(true);
      Thread load =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (loading.get()) {
                      infer(ready.get("url").asText(), ready.at("/endpoint/name").asText(), token);
                      Deploys.sleep(20);
                    }
                  });
      try {
        await(
            member,
            "/api/v1/deployments/" + id,
            d -> d.at("/replicas/ready").asInt() == 2,
            Duration.ofMinutes(2));
      } finally {
        loading.set(false);
        load.join();
      }
      await(
          member,
          "/api/v1/deployments/" + id,
          d -> d.at("/credits/charged").decimalValue().signum() > 0,
          Duration.ofSeconds(30));
      firstReplicas = first.getBean(LocalComputeBackend.class).endpointProcesses(id);
      assertThat(firstReplicas).hasSize(2);
      replicaSecondsAtStop =
          member
              .get("/api/v1/deployments/" + id)
              .expect(200)
              .body()
              .at("/credits/replicaSeconds")
              .asDouble();
    }
    assertThat(firstReplicas).as("the stop drained every replica").noneMatch(Deploys::alive);

    try (ConfigurableApplicationContext second = start()) {
      Api member = api(second).as(owner.tenant().key());
      JsonNode back =
          await(
              member,
              "/api/v1/deployments/" + id,
              d -> d.at("/replicas/ready").asInt() == 2,
              Duration.ofMinutes(2));
      assertThat(back.get("status").asText()).isEqualTo("READY");
      assertThat(back.get("scalingEvents").findValuesAsText("reason"))
          .anyMatch(
              r -> r.startsWith("endpoint restored after a platform restart (had 2 replicas"));
      assertThat(
              infer(
                      back.get("url").asText(),
                      back.at("/endpoint/name").asText(),
                      second.getBean(ServiceToken.class).authorization())
                  .statusCode())
          .isEqualTo(200);
      // The monitor goes on: a round after the restart charges both runs' replica time.
      JsonNode charged =
          await(
              member,
              "/api/v1/deployments/" + id,
              d ->
                  d.at("/credits/charged")
                          .decimalValue()
                          .compareTo(
                              d.at("/credits/pricePerReplicaSecond")
                                  .decimalValue()
                                  .multiply(BigDecimal.valueOf(replicaSecondsAtStop)))
                      > 0,
              Duration.ofSeconds(30));
      assertThat(charged.at("/credits/replicaSeconds").asDouble())
          .isGreaterThan(replicaSecondsAtStop);

      member.delete("/api/v1/deployments/" + id).expect(202);
      JsonNode deleted = awaitStatus(member, id, "DELETED");
      JsonNode credits = deleted.get("credits");
      assertThat(credits.get("reservationState").asText()).isEqualTo("CLOSED");
      assertThat(credits.get("charged").decimalValue().add(credits.get("released").decimalValue()))
          .isEqualByComparingTo(credits.get("reserved").decimalValue());
      assertThat(credits.get("charged").decimalValue())
          .isEqualByComparingTo(
              credits
                  .get("pricePerReplicaSecond")
                  .decimalValue()
                  .multiply(BigDecimal.valueOf(credits.get("replicaSeconds").asDouble()))
                  .setScale(6, RoundingMode.CEILING));
      assertThat(member.get("/api/v1/credits/reservations?state=OPEN").expect(200).body())
          .isEmpty();
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(MillraceApplication.class)
        .run(
            "--server.port=0",
            "--millrace.engine.grpc-port=0",
            "--millrace.data-dir=" + dataDir,
            "--millrace.bootstrap-api-key=" + Api.ADMIN_KEY,
            "--millrace.deployments.monitor-interval=2s",
            "--millrace.compute.local.autoscale-interval=500ms",
            "--millrace.compute.local.metrics-window=2s",
            // Long: the two replicas the load asked for stay until the restart.
            "--millrace.compute.local.scale-in-window=5m",
            "--millrace.compute.local.drain-grace=2s");
  }

  private static Api api(ConfigurableApplicationContext app) {
    String port = app.getEnvironment().getProperty("local.server.port");
    return new Api(
        new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port)));
  }
}
