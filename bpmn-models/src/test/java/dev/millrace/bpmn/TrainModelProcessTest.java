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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** train-model and fine-tune-model share their shape; both are run through every path. */
class TrainModelProcessTest {

  private ProcessTestEngine engine;

  @BeforeEach
  void start() {
    engine = new ProcessTestEngine();
    engine
        .on(
            "millrace.credits.reserve",
            job ->
                complete(Map.of("reservationKey", job.getVariablesAsMap().get("reservationKey"))))
        .on("millrace.datasets.validate", complete())
        .on("millrace.training.start", complete())
        .on("millrace.training.cancel", complete())
        .on("millrace.training.evaluate", complete(Map.of("evaluation", Map.of("accuracy", 0.97))))
        .on("millrace.registry.register", complete(Map.of("modelVersionId", "mv-1")))
        .on("millrace.credits.capture", complete())
        .on("millrace.credits.release", complete())
        .on("millrace.training.finish", complete());
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private long startRun(String processId, String runId) {
    return engine.start(
        processId,
        Map.of(
            "trainingRunId",
            runId,
            "tenantId",
            "t1",
            "reservationMicroCredits",
            5_000_000,
            "budgetSeconds",
            600));
  }

  @ParameterizedTest
  @ValueSource(strings = {"train-model", "fine-tune-model"})
  void successfulTrainingIsEvaluatedRegisteredAndSettled(String processId) {
    long instance = startRun(processId, "run-1");
    engine.awaitActive(instance, "await-training");
    engine.publish(
        "training-finished", "run-1", Map.of("outcome", "succeeded", "computeSeconds", 12.5));

    var path = engine.awaitCompleted(instance);

    assertThat(path)
        .containsSubsequence(
            "reserve-credits",
            "validate-dataset",
            "start-training",
            "await-training",
            "outcome",
            "evaluate",
            "register",
            "capture-credits",
            "finish-succeeded",
            "trained");
    assertThat(engine.typesCalled()).doesNotContain("millrace.credits.release");
    var reserve = engine.lastCall("millrace.credits.reserve");
    assertThat(reserve.variables())
        .containsEntry("reservationKey", "run:run-1")
        .containsEntry("amount", 5_000_000);
    assertThat(engine.lastCall("millrace.credits.capture").variables())
        .containsEntry("reservationKey", "run:run-1")
        .containsEntry("key", "capture:run-1")
        .containsEntry("computeSeconds", 12.5);
    assertThat(engine.lastCall("millrace.training.finish").variables())
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("modelVersionId", "mv-1");
  }

  @Test
  void failedTrainingReleasesTheCredits() {
    long instance = startRun("train-model", "run-2");
    engine.awaitActive(instance, "await-training");
    engine.publish(
        "training-finished", "run-2", Map.of("outcome", "failed", "failureMessage", "line 3: bad"));

    var path = engine.awaitCompleted(instance);

    assertThat(path).containsSubsequence("outcome", "release-credits", "finish-failed", "failed");
    assertThat(engine.typesCalled())
        .doesNotContain("millrace.credits.capture", "millrace.registry.register");
    assertThat(engine.lastCall("millrace.credits.release").variables())
        .containsEntry("reservationKey", "run:run-2")
        .containsEntry("key", "release:run-2");
    assertThat(engine.lastCall("millrace.training.finish").variables())
        .containsEntry("status", "FAILED")
        .containsEntry("failureMessage", "line 3: bad");
  }

  @Test
  void cancelledTrainingPaysForTheComputeItUsed() {
    long instance = startRun("train-model", "run-3");
    engine.awaitActive(instance, "await-training");
    engine.publish(
        "training-finished", "run-3", Map.of("outcome", "cancelled", "computeSeconds", 3.0));

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence("capture-cancelled", "finish-cancelled", "cancelled-end");
    assertThat(engine.lastCall("millrace.training.finish").variables())
        .containsEntry("status", "CANCELLED");
  }

  @Test
  void exhaustedTimeBudgetStopsTheTrainingAndChargesWhatItUsed() {
    long instance = startRun("train-model", "run-4");
    engine.awaitActive(instance, "await-training");
    engine.clock.advance(Duration.ofSeconds(601));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> engine.typesCalled().contains("millrace.training.cancel"));
    engine.awaitActive(instance, "await-stopped");
    engine.publish(
        "training-finished", "run-4", Map.of("outcome", "cancelled", "computeSeconds", 600.0));

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence(
            "time-budget",
            "cancel-training",
            "await-stopped",
            "capture-timed-out",
            "finish-timed-out",
            "timed-out");
    assertThat(engine.lastCall("millrace.training.finish").variables())
        .containsEntry("status", "TIMED_OUT");
  }

  @Test
  void invalidDatasetReleasesTheCredits() {
    engine.on("millrace.datasets.validate", error("INVALID_DATASET"));
    long instance = startRun("train-model", "run-5");

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence("invalid-dataset", "release-credits", "finish-failed", "failed");
    assertThat(engine.typesCalled()).doesNotContain("millrace.training.start");
  }

  @Test
  void unavailableComputeReleasesTheCredits() {
    engine.on("millrace.training.start", error("COMPUTE_UNAVAILABLE"));
    long instance = startRun("train-model", "run-6");

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence("compute-unavailable", "release-credits", "failed");
  }

  @Test
  void notEnoughCreditsRejectsTheRunWithoutTouchingCompute() {
    engine.on("millrace.credits.reserve", error("INSUFFICIENT_CREDITS"));
    long instance = startRun("train-model", "run-7");

    assertThat(engine.awaitCompleted(instance))
        .containsSubsequence("no-credits", "finish-rejected", "rejected");
    assertThat(engine.typesCalled())
        .doesNotContain("millrace.training.start", "millrace.credits.release");
    assertThat(engine.lastCall("millrace.training.finish").variables())
        .containsEntry("status", "REJECTED");
  }
}
