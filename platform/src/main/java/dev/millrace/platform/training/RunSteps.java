package dev.millrace.platform.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelCard;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.TrainingJob;
import dev.millrace.workers.runs.TrainingRuns;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The steps of train-model and fine-tune-model that touch a run ({@link TrainingRuns}): start and
 * stop its compute, check its evaluation, record its final status.
 */
@Component
class RunSteps implements TrainingRuns {

  private static final Logger log = LoggerFactory.getLogger(RunSteps.class);

  private final RunStore store;
  private final TrainingJobs jobs;
  private final RunProgress progress;
  private final ObjectProvider<ComputeBackend> compute;
  private final ObjectMapper json;
  private final Clock clock;

  RunSteps(
      RunStore store,
      TrainingJobs jobs,
      RunProgress progress,
      ObjectProvider<ComputeBackend> compute,
      ObjectMapper json,
      Clock clock) {
    this.store = store;
    this.jobs = jobs;
    this.progress = progress;
    this.compute = compute;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Asks the backend to run (or resume) the run. A run cancelled before its compute started is
   * reported cancelled at once, without compute; a run whose compute already ended has its end
   * published again. Any refusal is a COMPUTE_UNAVAILABLE failure (the process releases the
   * credits) with the reason stored on the run.
   */
  @Override
  public void startCompute(String runId) {
    TrainingRun run = existing(runId);
    if (run.state().isFinal()) {
      // Ended outside its process (e.g. the engine's answer to the start was lost and the
      // launcher failed the run): the process takes its failure path, whose steps are no-ops now.
      throw WorkerFailure.computeUnavailable(
          "run " + runId + " has already ended (" + run.state().label() + ")");
    }
    if (run.outcome() != null) {
      progress.publishEnd(run);
      return;
    }
    if (run.cancelRequested()) {
      progress.ended(runId, "cancelled", 0, null, null, null);
      return;
    }
    try {
      start(run);
    } catch (WorkerFailure failure) {
      store.update(run.id(), r -> r.computeRefused(failure.getMessage()));
      throw failure;
    }
    // A cancel that came in while the backend was starting found nothing to stop yet.
    if (store.find(run.id()).map(TrainingRun::cancelRequested).orElse(false)) {
      cancelCompute(runId);
    }
  }

  /** Starts or resumes the run's compute; used by the process step and after a restart. */
  void start(TrainingRun run) {
    ComputeBackend backend = backend();
    if ("gpu".equals(run.computeType()) && !backend.gpuAvailable()) {
      throw WorkerFailure.computeUnavailable(
          "computeType gpu was asked for, but the compute backend has no GPU");
    }
    TrainingJob job;
    try {
      job = jobs.jobFor(run);
    } catch (NotFoundException gone) {
      throw WorkerFailure.computeUnavailable(gone.getMessage() + " (deleted after the run began)");
    }
    store.update(run.id(), TrainingRun::computeRequested);
    try {
      backend.startTraining(job);
    } catch (WorkerFailure failure) {
      if ("COMPUTE_UNAVAILABLE".equals(failure.errorCode())) {
        throw failure;
      }
      throw WorkerFailure.computeUnavailable(failure.getMessage());
    } catch (RuntimeException e) {
      log.warn("The compute backend refused run {}", run.id(), e);
      throw WorkerFailure.computeUnavailable(
          "the compute backend could not start the run: " + e.getMessage());
    }
  }

  /**
   * Stops the run's compute (time budget spent, or a user's cancel). The backend then reports it
   * cancelled; a run whose compute never started, or already ended, is answered from what is
   * stored.
   */
  @Override
  public void cancelCompute(String runId) {
    TrainingRun run = existing(runId);
    if (run.outcome() != null || run.state().isFinal()) {
      progress.publishEnd(run);
      return;
    }
    ComputeBackend backend = compute.getIfAvailable();
    if (backend == null || !run.state().computeLive()) {
      progress.ended(runId, "cancelled", 0, null, null, null);
      return;
    }
    backend.cancelTraining(runId);
  }

  /**
   * The held-out evaluation of the finished artifact, as its model card records it (the test split
   * the trainer set aside before training). Stored on the run and returned to the process as {@code
   * evaluation}.
   */
  @Override
  public Map<String, Object> evaluate(String runId) {
    TrainingRun run = existing(runId);
    if (!"succeeded".equals(run.outcome()) || run.artifactDir() == null) {
      throw new IllegalStateException(
          "run " + runId + " has no finished artifact to evaluate (outcome " + run.outcome() + ")");
    }
    ModelCard card;
    try {
      card = ModelArtifact.load(Path.of(run.artifactDir())).card();
    } catch (ModelRuntimeException e) {
      throw new IllegalStateException("run " + runId + ": " + e.getMessage(), e);
    }
    if (card.evaluation() == null || card.evaluation().metrics().isEmpty()) {
      throw new IllegalStateException(
          "the model card of run " + runId + " records no held-out evaluation");
    }
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("task", card.task().name().toLowerCase(Locale.ROOT));
    evaluation.put("rows", card.evaluation().rows());
    evaluation.put("metrics", card.evaluation().metrics());
    String document = write(evaluation);
    store.update(run.id(), r -> r.evaluated(document));
    return evaluation;
  }

  @Override
  public void finish(String runId, String status, String failureMessage) {
    RunState state = RunState.valueOf(status.strip().toUpperCase(Locale.ROOT));
    if (!state.isFinal()) {
      throw new IllegalArgumentException("'" + status + "' is not a final run status");
    }
    store.update(
        existing(runId).id(),
        run -> {
          if (!run.state().isFinal()) {
            run.finish(state, failureMessage, clock.instant());
          }
        });
  }

  /** The backend, or a COMPUTE_UNAVAILABLE failure when the platform has none configured. */
  ComputeBackend backend() {
    ComputeBackend backend = compute.getIfAvailable();
    if (backend == null) {
      throw WorkerFailure.computeUnavailable("no compute backend is configured on this platform");
    }
    return backend;
  }

  private TrainingRun existing(String runId) {
    UUID id =
        RunStore.parse(runId)
            .orElseThrow(() -> new IllegalArgumentException("'" + runId + "' is no run id"));
    return store
        .find(id)
        .orElseThrow(() -> new IllegalStateException("run " + runId + " does not exist"));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
