package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.workers.compute.TrainingObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a training run: the runtime's child process, its JSON-lines events turned into
 * {@link TrainingObserver} calls, and the compute-seconds it used.
 *
 * <p>Compute-seconds are the wall-clock lifetime of the child processes (JVM start and data loading
 * included: the machine was busy), summed over every attempt of the run in {@code
 * <workDir>/compute-seconds}, which is rewritten at every event so that a crash of the platform
 * loses at most one epoch's worth.
 */
final class TrainingProcess {

  private static final Logger log = LoggerFactory.getLogger(TrainingProcess.class);
  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

  /** Why the process is being stopped, which decides what the observer hears. */
  enum Stop {
    NONE,
    /** The platform cancelled the run: the observer hears {@code cancelled}. */
    CANCEL,
    /** The platform shuts down: silence, the run resumes on the next start. */
    SHUTDOWN
  }

  private final String runId;
  private final RunDirectory directory;
  private final TrainingObserver observer;
  private final ObjectMapper json;
  private final double priorSeconds;
  private volatile ChildProcess child;
  private volatile Stop stop = Stop.NONE;
  private volatile JsonNode finished;
  private volatile String failure;
  private volatile boolean cancelledEvent;

  TrainingProcess(
      String runId, RunDirectory directory, TrainingObserver observer, ObjectMapper json) {
    this.runId = runId;
    this.directory = directory;
    this.observer = observer;
    this.json = json;
    this.priorSeconds = directory.computeSeconds();
  }

  void start(ChildProcess.Spec spec, Runnable whenEnded) {
    child = ChildProcess.start(spec, this::onLine);
    child.exit().whenComplete((code, error) -> ended(code == null ? -1 : code, whenEnded));
  }

  ChildProcess child() {
    return child;
  }

  Stop stopReason() {
    return stop;
  }

  /** Asks the runtime to cancel at its next batch boundary (it checkpoints first). */
  void requestStop(Stop why) {
    // A cancel already asked for wins over a shutdown: the run is over, not to be resumed.
    if (stop == Stop.NONE) {
      stop = why;
    }
    if (!child.send("cancel")) {
      child.terminate();
    }
  }

  double computeSeconds() {
    return priorSeconds + child.uptime().toNanos() / 1e9;
  }

  private void onLine(String line) {
    if (!line.startsWith("{")) {
      log.debug("training {}: {}", runId, line);
      return;
    }
    JsonNode event;
    try {
      event = json.readTree(line);
    } catch (IOException e) {
      log.debug("training {}: not JSON: {}", runId, line);
      return;
    }
    directory.recordComputeSeconds(computeSeconds());
    switch (event.path("event").asText()) {
      case "started" -> {
        Map<String, Object> details = fields(event);
        // The runtime's runId names this attempt only; the platform's run id is the key.
        details.put("attemptId", details.remove("runId"));
        details.put("pid", child.pid());
        observer.started(runId, details);
      }
      case "epoch" -> observer.epoch(runId, fields(event));
      case "finished" -> finished = event;
      case "failed" -> failure = event.path("message").asText(null);
      case "cancelled" -> cancelledEvent = true;
      default -> {
        // checkpoint and early-stopped events need nothing from the platform
      }
    }
  }

  private Map<String, Object> fields(JsonNode event) {
    Map<String, Object> fields = new LinkedHashMap<>(json.convertValue(event, FIELDS));
    fields.remove("event");
    return fields;
  }

  private void ended(int code, Runnable whenEnded) {
    double seconds = computeSeconds();
    directory.recordComputeSeconds(seconds);
    try {
      whenEnded.run();
    } finally {
      report(code, seconds);
    }
  }

  private void report(int code, double seconds) {
    if (stop == Stop.SHUTDOWN) {
      log.info(
          "training {} stopped for shutdown (exit code {}); it resumes from its checkpoint",
          runId,
          code);
      return;
    }
    if (code == 0 && finished != null) {
      Map<String, Object> metrics =
          json.convertValue(finished.path("metrics"), new TypeReference<>() {});
      observer.succeeded(runId, directory.artifact(), metrics, seconds);
    } else if (stop == Stop.CANCEL) {
      observer.cancelled(runId, seconds);
    } else {
      observer.failed(runId, failureMessage(code), seconds);
    }
  }

  private String failureMessage(int code) {
    if (failure != null && !failure.isBlank()) {
      return failure;
    }
    String reason = child.errorLine().orElse(null);
    if (cancelledEvent || code == 143 || code == 137) {
      return "the training process was stopped from outside the platform (exit code "
          + code
          + ")"
          + (reason == null ? "" : ": " + reason);
    }
    return reason != null
        ? reason
        : "the training process exited with code " + code + " without a result";
  }

  /**
   * A run's directory: {@code artifact/} (the runtime's {@code --out}: checkpoints while it runs,
   * the finished artifact after), {@code runtime.log} (the runtime's stderr) and {@code
   * compute-seconds}.
   */
  record RunDirectory(Path root) {

    Path artifact() {
      return root.resolve("artifact");
    }

    Path log() {
      return root.resolve("runtime.log");
    }

    /** The artifact is complete: its card is written and the checkpoints were cleaned up. */
    boolean finished() {
      return Files.isRegularFile(artifact().resolve("model-card.json"))
          && !Files.exists(artifact().resolve("checkpoints"));
    }

    double computeSeconds() {
      try {
        return Double.parseDouble(
            Files.readString(root.resolve("compute-seconds"), StandardCharsets.UTF_8).strip());
      } catch (IOException | NumberFormatException e) {
        return 0;
      }
    }

    void recordComputeSeconds(double seconds) {
      try {
        Files.createDirectories(root);
        Path temporary = root.resolve("compute-seconds.tmp");
        Files.writeString(
            temporary, String.format(Locale.ROOT, "%.3f%n", seconds), StandardCharsets.UTF_8);
        Files.move(
            temporary,
            root.resolve("compute-seconds"),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        log.warn("cannot record compute-seconds in {}: {}", root, e.getMessage());
      }
    }
  }
}
