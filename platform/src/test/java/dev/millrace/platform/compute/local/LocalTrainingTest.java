package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.compute.local.RecordingObserver.Call;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trainings as real {@code model-runtime} child processes on the bundled iris data: events to the
 * observer as they happen, failure and cancel outcomes, idempotent starts, resume from the
 * checkpoint after a crash or a platform restart, GPU refusal.
 */
class LocalTrainingTest {

  private static final Duration LONG = Duration.ofMinutes(3);

  private Path dataDir;
  private LocalComputeHarness harness;

  @BeforeEach
  void start() {
    dataDir = RuntimeFixture.newDirectory("training");
    harness = new LocalComputeHarness(dataDir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  static TrainingJob iris(String runId, int epochs, Map<String, Object> hyperparameters) {
    return new TrainingJob(
        runId,
        "tenant-a",
        "tabular-classifier",
        RuntimeFixture.dataset("iris.csv"),
        "species",
        hyperparameters,
        epochs,
        7L,
        null,
        null,
        "cpu",
        "small",
        null);
  }

  /** Slow enough (one row per step) to act on while it runs; never stops early. */
  static TrainingJob slowIris(String runId) {
    return iris(runId, 400, Map.of("batchSize", 1, "earlyStoppingPatience", 0));
  }

  @Test
  void trainsReportingEpochsWhileItRunsThenTheArtifact() throws Exception {
    String run = "run-" + UUID.randomUUID();
    TrainingJob job =
        iris(
            run,
            40,
            Map.of("batchSize", 2, "earlyStoppingPatience", 0, "hiddenLayers", List.of(16, 8)));
    harness.backend.startTraining(job);
    harness.backend.startTraining(job); // idempotent: still one process
    long pid = harness.backend.trainingProcess(run).orElseThrow();

    await().atMost(LONG).until(() -> !harness.observer.of(run, "epoch").isEmpty());
    assertThat(harness.observer.ends(run)).as("epoch 1 arrives while training runs").isEmpty();

    await().atMost(LONG).until(() -> !harness.observer.ends(run).isEmpty());
    assertThat(harness.observer.of(run, "started")).hasSize(1);
    Map<String, Object> started = harness.observer.of(run, "started").get(0).fields();
    assertThat(started).containsEntry("pid", pid).containsEntry("startEpoch", 1);
    List<Call> epochs = harness.observer.of(run, "epoch");
    assertThat(epochs).hasSize(40);
    assertThat(epochs.get(0).fields()).containsKeys("trainLoss", "validationLoss", "metricName");
    assertThat(epochs.get(39).fields()).containsEntry("epoch", 40);

    Call end = harness.observer.ends(run).get(0);
    assertThat(end.kind()).isEqualTo("succeeded");
    assertThat(end.artifact()).isEqualTo(dataDir.resolve("runs").resolve(run).resolve("artifact"));
    assertThat(end.artifact().resolve("model-card.json")).exists();
    assertThat(end.artifact().resolve("checkpoints")).doesNotExist();
    assertThat((Double) end.fields().get("accuracy")).isGreaterThan(0.7);
    assertThat(end.computeSeconds()).isPositive();
    assertThat(RuntimeFixture.alive(pid)).isFalse();
    assertThat(harness.backend.trainingProcess(run)).isEmpty();

    // Started again after it finished (a worker retried, the platform restarted): the same
    // outcome, without training again.
    JsonNode card =
        RuntimeFixture.JSON.readTree(end.artifact().resolve("model-card.json").toFile());
    harness.backend.startTraining(job);
    await().atMost(LONG).until(() -> harness.observer.ends(run).size() == 2);
    Call again = harness.observer.ends(run).get(1);
    assertThat(again.kind()).isEqualTo("succeeded");
    assertThat(again.fields()).isEqualTo(end.fields());
    assertThat(again.computeSeconds())
        .isEqualTo(end.computeSeconds(), org.assertj.core.data.Offset.offset(0.01));
    assertThat(harness.observer.of(run, "started")).hasSize(1);
    assertThat(RuntimeFixture.JSON.readTree(end.artifact().resolve("model-card.json").toFile()))
        .isEqualTo(card);
  }

  @Test
  void fineTunesFromAnArtifact() {
    String run = "fine-tune-" + UUID.randomUUID();
    Path workDir = dataDir.resolve("elsewhere").resolve(run);
    harness.backend.startTraining(
        new TrainingJob(
            run,
            "tenant-a",
            null,
            RuntimeFixture.dataset("iris.csv"),
            null,
            Map.of(),
            3,
            null,
            RuntimeFixture.irisModel(1),
            new TrainingJob.FineTuneOptions(0.5, 1, false),
            "cpu",
            "small",
            workDir));
    await().atMost(LONG).until(() -> !harness.observer.ends(run).isEmpty());
    Call end = harness.observer.ends(run).get(0);
    assertThat(end.kind()).as("%s", end).isEqualTo("succeeded");
    assertThat(end.artifact()).isEqualTo(workDir.resolve("artifact"));
    assertThat(harness.observer.of(run, "epoch")).hasSize(3);
    assertThat(end.artifact().resolve("model-card.json"))
        .content()
        .contains(RuntimeFixture.irisModel(1).toString());
  }

  @Test
  void aBadTargetFailsWithTheRuntimesOneLineReason() {
    String run = "bad-" + UUID.randomUUID();
    harness.backend.startTraining(
        new TrainingJob(
            run,
            "tenant-a",
            "tabular-classifier",
            RuntimeFixture.dataset("iris.csv"),
            "colour",
            Map.of(),
            2,
            null,
            null,
            null,
            "cpu",
            "small",
            null));
    await().atMost(LONG).until(() -> !harness.observer.ends(run).isEmpty());
    Call end = harness.observer.ends(run).get(0);
    assertThat(end.kind()).isEqualTo("failed");
    assertThat(end.message()).contains("colour").doesNotContain("\n");
    assertThat(dataDir.resolve("runs").resolve(run).resolve("runtime.log"))
        .content()
        .contains("error: ");
  }

  @Test
  void cancelStopsAtACheckpointAndReportsCancelled() {
    String run = "cancel-" + UUID.randomUUID();
    harness.backend.startTraining(slowIris(run));
    long pid = harness.backend.trainingProcess(run).orElseThrow();
    await().atMost(LONG).until(() -> harness.observer.of(run, "epoch").size() >= 2);

    harness.backend.cancelTraining(run);
    harness.backend.cancelTraining(run); // idempotent while it stops
    await().atMost(LONG).until(() -> !harness.observer.ends(run).isEmpty());
    assertThat(harness.observer.ends(run)).extracting(Call::kind).containsExactly("cancelled");
    assertThat(harness.observer.ends(run).get(0).computeSeconds()).isPositive();
    assertThat(RuntimeFixture.alive(pid)).isFalse();
    assertThat(dataDir.resolve("runs").resolve(run).resolve("artifact/checkpoints"))
        .isNotEmptyDirectory();

    // A run this backend does not run (after a restart, say) is reported cancelled at once.
    harness.backend.cancelTraining("never-started");
    await().atMost(LONG).until(() -> !harness.observer.ends("never-started").isEmpty());
    assertThat(harness.observer.ends("never-started"))
        .extracting(Call::kind)
        .containsExactly("cancelled");
  }

  @Test
  void aTrainingKilledMidwayResumesFromItsCheckpoint() {
    String run = "crash-" + UUID.randomUUID();
    harness.backend.startTraining(slowIris(run));
    long pid = harness.backend.trainingProcess(run).orElseThrow();
    await().atMost(LONG).until(() -> harness.observer.of(run, "epoch").size() >= 3);

    ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no checkpoint on the way out
    await().atMost(LONG).until(() -> !harness.observer.ends(run).isEmpty());
    Call crash = harness.observer.ends(run).get(0);
    assertThat(crash.kind()).isEqualTo("failed");
    assertThat(crash.message()).contains("137");
    int checkpointed = lastCheckpoint(run);
    assertThat(checkpointed).isGreaterThanOrEqualTo(2);

    harness.backend.startTraining(slowIris(run));
    await().atMost(LONG).until(() -> harness.observer.of(run, "started").size() == 2);
    assertThat(harness.observer.of(run, "started").get(1).fields())
        .containsEntry("startEpoch", checkpointed + 1);
    harness.backend.cancelTraining(run);
    await().atMost(LONG).until(() -> harness.observer.ends(run).size() == 2);
  }

  @Test
  void aPlatformShutdownStopsTrainingsResumablyAndANewBackendResumesThem() {
    String run = "restart-" + UUID.randomUUID();
    harness.backend.startTraining(slowIris(run));
    long pid = harness.backend.trainingProcess(run).orElseThrow();
    await().atMost(LONG).until(() -> harness.observer.of(run, "epoch").size() >= 3);

    harness.close();
    assertThat(RuntimeFixture.alive(pid)).as("no orphan after shutdown").isFalse();
    assertThat(harness.observer.ends(run)).as("a shutdown is not the run's end").isEmpty();
    int checkpointed = lastCheckpoint(run);
    int lastEpoch = (Integer) harness.observer.of(run, "epoch").getLast().fields().get("epoch");
    assertThat(checkpointed).isEqualTo(lastEpoch);

    harness = new LocalComputeHarness(dataDir);
    harness.backend.startTraining(slowIris(run));
    await().atMost(LONG).until(() -> !harness.observer.of(run, "started").isEmpty());
    assertThat(harness.observer.of(run, "started").get(0).fields())
        .containsEntry("startEpoch", checkpointed + 1);
    await().atMost(LONG).until(() -> !harness.observer.of(run, "epoch").isEmpty());
    assertThat(harness.observer.of(run, "epoch").get(0).fields())
        .containsEntry("epoch", checkpointed + 1);
  }

  @Test
  void gpuIsRefusedWithAClearMessageWhereTheRuntimeHasNone() {
    Assumptions.assumeFalse(
        harness.backend.gpuAvailable(), "this machine has a GPU the model runtime can use");
    TrainingJob gpu =
        new TrainingJob(
            "gpu-" + UUID.randomUUID(),
            "tenant-a",
            "tabular-classifier",
            RuntimeFixture.dataset("iris.csv"),
            "species",
            Map.of(),
            2,
            null,
            null,
            null,
            "gpu",
            "small",
            null);
    assertThatThrownBy(() -> harness.backend.startTraining(gpu))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            failure -> assertThat(failure.errorCode()).isEqualTo("COMPUTE_UNAVAILABLE"))
        .hasMessageContaining("no GPU");
    assertThat(harness.backend.trainingProcess(gpu.runId())).isEmpty();
  }

  private int lastCheckpoint(String run) {
    try (var files =
        Files.list(dataDir.resolve("runs").resolve(run).resolve("artifact/checkpoints"))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("epoch-\\d{4}\\.ckpt"))
          .mapToInt(name -> Integer.parseInt(name.substring(6, 10)))
          .max()
          .orElse(0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
