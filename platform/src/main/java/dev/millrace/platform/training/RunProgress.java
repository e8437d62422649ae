package dev.millrace.platform.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.workers.compute.TrainingObserver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the compute backend reports about a run, as it happens: stored on the run (so the API shows
 * live epochs and metrics) and, at the end, told to the run's process as the message {@code
 * training-finished}. The end is stored before it is published, so a platform that dies in between
 * publishes it again when it starts ({@link RunRecovery}).
 */
@Component
class RunProgress implements TrainingObserver {

  private static final Logger log = LoggerFactory.getLogger(RunProgress.class);

  private final RunStore store;
  private final TrainingEpochRepository epochs;
  private final TrainingMessages messages;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunProgress.class);

  private final ObjectMapper json;
  private final Clock clock;
  private final TransactionTemplate tx;

  RunProgress(
      RunStore store,
      TrainingEpochRepository epochs,
      TrainingMessages messages,
      ObjectMapper json,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.store = store;
    this.epochs = epochs;
    this.messages = messages;
    this.json = json;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  @Override
  public void started(String runId, Map<String, Object> details) {
    run(runId)
        .ifPresent(
            id ->
                store.update(
                    id,
                    run ->
                        run.computeStarted(
                            integer(details.get("maxEpochs")),
                            details.get("device") == null ? null : details.get("device").toString(),
                            clock.instant())));
  }

  /**
   * Epochs trained while nobody read the child's output (the platform was down, the child went on
   * until it noticed) are in the artifact's history.jsonl: take the ones this run never heard of,
   * so the series has every epoch.
   */
  private void backfillEpochs(String runId, Path artifactDir) {
    if (artifactDir == null) {
      return;
    }
    Path history = artifactDir.resolve("history.jsonl");
    if (!java.nio.file.Files.isRegularFile(history)) {
      return;
    }
    try (var lines = java.nio.file.Files.lines(history)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isBlank()) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> event = json.readValue(line, Map.class);
        Optional<UUID> id = run(runId);
        Integer epoch = integer(event.get("epoch"));
        if (id.isPresent()
            && epoch != null
            && epochs.findById(new TrainingEpoch.Id(id.get(), epoch)).isEmpty()) {
          epoch(runId, event);
        }
      }
    } catch (java.io.IOException e) {
      LOG.warn("Cannot read the epoch history of run {} from {}", runId, history, e);
    }
  }

  @Override
  public void epoch(String runId, Map<String, Object> metrics) {
    Optional<UUID> id = run(runId);
    Integer epoch = integer(metrics.get("epoch"));
    if (id.isEmpty() || epoch == null || store.find(id.get()).isEmpty()) {
      return;
    }
    String document = write(metrics);
    tx.executeWithoutResult(
        status ->
            epochs
                .findById(new TrainingEpoch.Id(id.get(), epoch))
                .ifPresentOrElse(
                    e -> e.replace(document, clock.instant()),
                    () ->
                        epochs.save(
                            new TrainingEpoch(id.get(), epoch, document, clock.instant()))));
    store.update(id.get(), run -> run.epochReported(epoch, integer(metrics.get("maxEpochs"))));
  }

  @Override
  public void succeeded(
      String runId, Path artifactDir, Map<String, Object> testMetrics, double computeSeconds) {
    backfillEpochs(runId, artifactDir);
    ended(
        runId,
        "succeeded",
        computeSeconds,
        artifactDir == null ? null : artifactDir.toString(),
        testMetrics,
        null);
  }

  @Override
  public void failed(String runId, String message, double computeSeconds) {
    ended(runId, "failed", computeSeconds, null, null, message);
  }

  @Override
  public void cancelled(String runId, double computeSeconds) {
    ended(runId, "cancelled", computeSeconds, null, null, null);
  }

  /**
   * Records the end (the first report wins) and publishes it. A later report of the same run
   * publishes the stored end again, which the engine answers as a duplicate while the first is
   * buffered.
   */
  void ended(
      String runId,
      String outcome,
      double computeSeconds,
      String artifactDir,
      Map<String, Object> testMetrics,
      String failureMessage) {
    Optional<UUID> id = run(runId);
    if (id.isEmpty()) {
      return;
    }
    String metrics = testMetrics == null ? null : write(testMetrics);
    store
        .update(
            id.get(),
            run ->
                run.computeEnded(
                    outcome,
                    Math.max(0, computeSeconds),
                    artifactDir,
                    metrics,
                    failureMessage,
                    clock.instant()))
        .ifPresent(this::publishEnd);
  }

  /** Tells the run's process how compute ended, as stored on the run. */
  void publishEnd(TrainingRun run) {
    if (run.outcome() == null) {
      return;
    }
    try {
      messages.finished(
          run.id().toString(),
          run.outcome(),
          run.computeSeconds() == null ? 0 : run.computeSeconds(),
          metrics(run.testMetrics()),
          run.artifactDir(),
          run.failureMessage());
    } catch (RuntimeException e) {
      // Stored already: a restart, or the time-budget step, publishes it again.
      log.warn("Could not publish the end of run {} yet: {}", run.id(), e.getMessage());
    }
  }

  private Map<String, Object> metrics(String document) {
    if (document == null) {
      return Map.of();
    }
    try {
      return json.readValue(document, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unserialisable training report: " + e.getMessage(), e);
    }
  }

  private static Optional<UUID> run(String runId) {
    Optional<UUID> id = RunStore.parse(runId);
    if (id.isEmpty()) {
      log.warn("Compute reported on '{}', which is no run id; ignored", runId);
    }
    return id;
  }

  private static Integer integer(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
