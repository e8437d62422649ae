package dev.millrace.runtime.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Progress of a training run, in order: {@code started}, then per epoch {@code epoch} and {@code
 * checkpoint}, maybe {@code early-stopped}, then exactly one of {@code finished}, {@code cancelled}
 * or {@code failed}. Each serialises to one JSON object whose {@code event} field is the type (the
 * child-process protocol; see the README).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface TrainingEvent {

  @JsonProperty("event")
  String type();

  record Started(
      String runId,
      String catalogEntry,
      String task,
      int maxEpochs,
      int startEpoch,
      long trainRows,
      long validationRows,
      long testRows,
      int inputWidth,
      String device,
      String dataSha256)
      implements TrainingEvent {
    @Override
    public String type() {
      return "started";
    }
  }

  /**
   * @param validationMetric accuracy (classification) or R² on scaled targets (regression)
   */
  record Epoch(
      int epoch,
      int maxEpochs,
      double trainLoss,
      double validationLoss,
      String metricName,
      double validationMetric,
      boolean best,
      double epochSeconds,
      double elapsedSeconds)
      implements TrainingEvent {
    @Override
    public String type() {
      return "epoch";
    }
  }

  record Checkpoint(int epoch, String path) implements TrainingEvent {
    @Override
    public String type() {
      return "checkpoint";
    }
  }

  record EarlyStopped(int epoch, int bestEpoch, double bestValidationLoss)
      implements TrainingEvent {
    @Override
    public String type() {
      return "early-stopped";
    }
  }

  record Finished(
      String artifact, String artifactId, Map<String, Double> metrics, double elapsedSeconds)
      implements TrainingEvent {
    @Override
    public String type() {
      return "finished";
    }
  }

  /**
   * @param lastCheckpointEpoch the epoch a resume would continue after (0: none)
   */
  record Cancelled(int lastCheckpointEpoch) implements TrainingEvent {
    @Override
    public String type() {
      return "cancelled";
    }
  }

  record Failed(String message) implements TrainingEvent {
    @Override
    public String type() {
      return "failed";
    }
  }
}
