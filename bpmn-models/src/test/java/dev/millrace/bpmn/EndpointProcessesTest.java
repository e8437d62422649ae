package dev.millrace.bpmn;

import static dev.millrace.bpmn.ProcessTestEngine.complete;
import static dev.millrace.bpmn.ProcessTestEngine.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deploy-model, monitor-endpoint and undeploy-model. */
class EndpointProcessesTest {

  private ProcessTestEngine engine;

  private static final Map<String, Object> DEPLOYMENT =
      Map.of(
          "deploymentId", "dep-1",
          "tenantId", "t1",
          "reservationMicroCredits", 2_000_000,
          "readinessTimeout", "PT2M",
          "monitorInterval", "PT1M");

  @BeforeEach
  void start() {
    engine = new ProcessTestEngine();
    engine
        .on("millrace.deployments.validate", complete())
        .on(
            "millrace.credits.reserve",
            job ->
                complete(Map.of("reservationKey", job.getVariablesAsMap().get("reservationKey"))))
        .on("millrace.deployments.provision", complete())
        .on("millrace.deployments.smoke-test", complete())
        .on(
            "millrace.deployments.publish",
            complete(Map.of("url", "http://127.0.0.1:8080/endpoints/e1")))
        .on(
            "millrace.messages.publish",
            job -> {
              engine.publish(
                  job.getCustomHeaders().get("messageName"),
                  (String) job.getVariablesAsMap().get("correlationKey"),
                  job.getVariablesAsMap());
              return complete();
            })
        .on("millrace.deployments.teardown", complete())
        .on("millrace.deployments.drain", complete())
        .on("millrace.deployments.settle", complete())
        .on("millrace.deployments.finish", complete())
        .on("millrace.deployments.request-undeploy", complete())
        .on("millrace.credits.release", complete())
        .on("millrace.monitoring.collect", complete());
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void deploymentBecomesReadyIsPublishedAndStartsItsMonitor() {
    long instance = engine.start("deploy-model", DEPLOYMENT);
    engine.awaitActive(instance, "await-ready");
    engine.publish("endpoint-ready", "dep-1", Map.of("url", "http://127.0.0.1:8080/endpoints/e1"));

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence(
            "validate-deployment",
            "reserve-credits",
            "provision-endpoint",
            "await-ready",
            "smoke-test",
            "publish-endpoint",
            "start-monitoring",
            "deployed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !engine.instancesOf("monitor-endpoint").isEmpty());
    assertThat(engine.lastCall("millrace.credits.reserve").variables())
        .containsEntry("reservationKey", "endpoint:dep-1");
  }

  @Test
  void endpointNotReadyInTimeIsTornDownAndReleased() {
    long instance = engine.start("deploy-model", DEPLOYMENT);
    engine.awaitActive(instance, "await-ready");
    engine.clock.advance(Duration.ofMinutes(3));

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence(
            "not-ready-in-time", "teardown-failed", "release-credits", "finish-failed", "failed");
    assertThat(engine.lastCall("millrace.deployments.finish").variables())
        .containsEntry("status", "FAILED");
  }

  @Test
  void failedSmokeTestTearsDown() {
    engine.on("millrace.deployments.smoke-test", error("SMOKE_TEST_FAILED"));
    long instance = engine.start("deploy-model", DEPLOYMENT);
    engine.awaitActive(instance, "await-ready");
    engine.publish("endpoint-ready", "dep-1", Map.of());

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence("smoke-test-failed", "teardown-failed", "release-credits", "failed");
  }

  @Test
  void invalidOrUnaffordableDeploymentsAreRejectedBeforeAnythingRuns() {
    engine.on("millrace.deployments.validate", error("INVALID_DEPLOYMENT"));
    long invalid = engine.start("deploy-model", DEPLOYMENT);
    assertThat(engine.awaitCompleted(invalid))
        .containsSubsequence("invalid-deployment", "finish-rejected", "rejected");

    engine.on("millrace.deployments.validate", complete());
    engine.on("millrace.credits.reserve", error("INSUFFICIENT_CREDITS"));
    long poor =
        engine.start(
            "deploy-model",
            Map.of(
                "deploymentId",
                "dep-2",
                "tenantId",
                "t1",
                "reservationMicroCredits",
                1,
                "readinessTimeout",
                "PT1M"));
    assertThat(engine.awaitCompleted(poor)).containsSubsequence("no-credits", "finish-rejected");
    assertThat(engine.typesCalled()).doesNotContain("millrace.deployments.provision");
  }

  @Test
  void monitorSettlesEveryIntervalUntilTheEndpointRetires() {
    engine.publish(
        "monitor-endpoint", "dep-9", Map.of("deploymentId", "dep-9", "monitorInterval", "PT1M"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !engine.instancesOf("monitor-endpoint").isEmpty());
    long monitor = engine.instancesOf("monitor-endpoint").getFirst();
    engine.awaitActive(monitor, "next");
    engine.clock.advance(Duration.ofSeconds(61));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.typesCalled().contains("millrace.monitoring.collect"));
    engine.awaitActive(monitor, "next");
    engine.clock.advance(Duration.ofSeconds(61));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                engine.typesCalled().stream().filter("millrace.monitoring.collect"::equals).count()
                    == 2);
    engine.awaitActive(monitor, "next");

    engine.publish("endpoint-retired", "dep-9", Map.of());

    assertThat(engine.awaitCompleted(monitor)).containsSubsequence("retired", "monitoring-ended");
  }

  @Test
  void monitorRequestsUndeployWhenCreditsRunOut() {
    engine.on("millrace.monitoring.collect", error("CREDITS_EXHAUSTED"));
    engine.publish(
        "monitor-endpoint", "dep-8", Map.of("deploymentId", "dep-8", "monitorInterval", "PT1M"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !engine.instancesOf("monitor-endpoint").isEmpty());
    long monitor = engine.instancesOf("monitor-endpoint").getFirst();
    engine.awaitActive(monitor, "next");
    engine.clock.advance(Duration.ofSeconds(61));

    assertThat(engine.awaitCompleted(monitor))
        .containsSubsequence("credits-exhausted", "request-undeploy", "stopped-no-credits");
  }

  @Test
  void undeployDrainsTearsDownStopsTheMonitorAndSettles() {
    engine.publish(
        "monitor-endpoint", "dep-3", Map.of("deploymentId", "dep-3", "monitorInterval", "PT1M"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !engine.instancesOf("monitor-endpoint").isEmpty());
    long monitor = engine.instancesOf("monitor-endpoint").getFirst();
    engine.awaitActive(monitor, "next");

    long undeploy =
        engine.start("undeploy-model", Map.of("deploymentId", "dep-3", "tenantId", "t1"));

    assertThat(engine.awaitCompleted(undeploy))
        .containsExactly(
            "undeploy-requested",
            "drain",
            "teardown",
            "stop-monitoring",
            "settle",
            "finish",
            "undeployed",
            "undeploy-model");
    assertThat(engine.awaitCompleted(monitor)).contains("monitoring-ended");
  }
}
