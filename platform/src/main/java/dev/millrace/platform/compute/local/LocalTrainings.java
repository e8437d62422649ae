package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.compute.local.TrainingProcess.RunDirectory;
import dev.millrace.platform.compute.local.TrainingProcess.Stop;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.TrainingJob;
import dev.millrace.workers.compute.TrainingObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training and fine-tuning runs as {@code model-runtime train|fine-tune ... --resume
 * --cancel-on-stdin-close} child processes, one per run id.
 *
 * <p>Starting is idempotent: a run already running is left alone; a run whose artifact is complete
 * is reported succeeded again without training; anything else starts the runtime with {@code
 * --resume}, which continues after the last checkpoint in the run's directory (or starts afresh
 * when there is none). Because stdin is a pipe from this JVM, the children also stop, keeping their
 * checkpoint, if the platform dies without a shutdown.
 */
final class LocalTrainings implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalTrainings.class);

  private final ModelRuntimeLauncher runtime;
  private final Path dataDir;
  private final TrainingObserver observer;
  private final ObjectMapper json;
  private final Duration stopGrace;
  private final Map<String, TrainingProcess> running = new ConcurrentHashMap<>();
  private final ExecutorService reports = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  LocalTrainings(
      ModelRuntimeLauncher runtime,
      Path dataDir,
      TrainingObserver observer,
      ObjectMapper json,
      Duration stopGrace) {
    this.runtime = runtime;
    this.dataDir = dataDir;
    this.observer = observer;
    this.json = json;
    this.stopGrace = stopGrace;
  }

  synchronized void start(TrainingJob job) {
    if (closed) {
      throw WorkerFailure.computeUnavailable("the local compute backend is shutting down");
    }
    if (running.containsKey(job.runId())) {
      return;
    }
    RunDirectory directory = directory(job.runId(), job.workDir());
    if (directory.finished()) {
      log.info("training {} already finished in {}: reporting it again", job.runId(), directory);
      reports.execute(() -> reportFinished(job.runId(), directory));
      return;
    }
    ChildProcess.Spec spec;
    try {
      spec =
          runtime.spec(
              "training-" + job.runId(),
              ModelRuntimeLauncher.size("computeSize", job.computeSize()),
              arguments(job, directory),
              directory.log());
    } catch (IllegalArgumentException e) {
      throw WorkerFailure.computeUnavailable(e.getMessage());
    } catch (IllegalStateException e) {
      throw WorkerFailure.computeUnavailable("local compute is not set up: " + e.getMessage());
    }
    TrainingProcess training = new TrainingProcess(job.runId(), directory, observer, json);
    running.put(job.runId(), training);
    try {
      training.start(spec, () -> running.remove(job.runId(), training));
    } catch (RuntimeException e) {
      running.remove(job.runId(), training);
      throw WorkerFailure.computeUnavailable(e.getMessage());
    }
    log.info("training {} started (pid {})", job.runId(), training.child().pid());
  }

  /**
   * Asks the run to stop; the observer then hears {@code cancelled} (or the outcome it reached
   * first). A run not running here (after a platform restart, say) is reported cancelled at once,
   * unless its artifact is complete, so that whoever waits for the run's end hears one.
   */
  void cancel(String runId) {
    TrainingProcess training = running.get(runId);
    if (training != null) {
      training.requestStop(Stop.CANCEL);
      return;
    }
    RunDirectory directory = directory(runId, null);
    if (!directory.finished()) {
      reports.execute(() -> observer.cancelled(runId, directory.computeSeconds()));
    }
  }

  Optional<ChildProcess> process(String runId) {
    return Optional.ofNullable(running.get(runId)).map(TrainingProcess::child);
  }

  Collection<String> runningIds() {
    return List.copyOf(running.keySet());
  }

  /**
   * Stops every run for a platform shutdown, silently: each checkpoints and exits, and resumes when
   * the platform starts it again.
   */
  @Override
  public void close() {
    List<TrainingProcess> stopping;
    synchronized (this) {
      closed = true;
      stopping = new ArrayList<>(running.values());
    }
    stopping.forEach(training -> training.requestStop(Stop.SHUTDOWN));
    for (TrainingProcess training : stopping) {
      training.child().awaitOrKill(stopGrace);
    }
    reports.close();
  }

  private RunDirectory directory(String runId, Path workDir) {
    return new RunDirectory(workDir != null ? workDir : dataDir.resolve("runs").resolve(runId));
  }

  private void reportFinished(String runId, RunDirectory directory) {
    try {
      Map<String, Object> metrics =
          json.convertValue(
              json.readTree(directory.artifact().resolve("model-card.json").toFile())
                  .path("evaluation")
                  .path("metrics"),
              new TypeReference<>() {});
      observer.succeeded(runId, directory.artifact(), metrics, directory.computeSeconds());
    } catch (IOException | IllegalArgumentException e) {
      observer.failed(
          runId, "the finished artifact's model card is unreadable: " + e.getMessage(), 0);
    }
  }

  static List<String> arguments(TrainingJob job, RunDirectory directory) {
    List<String> args = new ArrayList<>();
    if (job.isFineTune()) {
      args.addAll(List.of("fine-tune", "--from", job.parentArtifact().toString()));
    } else {
      args.addAll(List.of("train", "--model", job.catalogEntry(), "--target", job.target()));
    }
    args.addAll(
        List.of("--data", job.dataset().toString(), "--out", directory.artifact().toString()));
    if (job.epochs() != null) {
      args.addAll(List.of("--epochs", job.epochs().toString()));
    }
    if (job.seed() != null) {
      args.addAll(List.of("--seed", job.seed().toString()));
    }
    if (job.hyperparameters() != null) {
      job.hyperparameters()
          .forEach((name, value) -> args.addAll(List.of("--param", name + "=" + param(value))));
    }
    TrainingJob.FineTuneOptions fineTune = job.fineTune();
    if (job.isFineTune() && fineTune != null) {
      if (fineTune.learningRateFactor() != null) {
        args.addAll(List.of("--learning-rate-factor", fineTune.learningRateFactor().toString()));
      }
      if (fineTune.freezeLayers() != null) {
        args.addAll(List.of("--freeze-layers", fineTune.freezeLayers().toString()));
      }
      if (fineTune.newHead()) {
        args.add("--new-head");
      }
    }
    args.addAll(
        List.of(
            "--device",
            "gpu".equalsIgnoreCase(job.computeType()) ? "gpu" : "cpu",
            "--resume",
            "--cancel-on-stdin-close"));
    return args;
  }

  /** The runtime's {@code --param} syntax: lists comma-separated, integral numbers without ".0". */
  static String param(Object value) {
    if (value instanceof Collection<?> list) {
      return list.stream().map(LocalTrainings::param).collect(Collectors.joining(","));
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (number == Math.rint(number) && Math.abs(number) < 1e15) {
        return Long.toString((long) number);
      }
    }
    return String.valueOf(value);
  }
}
