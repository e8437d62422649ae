package dev.millrace.workers.compute;

import java.nio.file.Path;
import java.util.Map;

/**
 * One training or fine-tuning run to execute.
 *
 * @param parentArtifact for fine-tuning: the artifact directory to start from; null to train
 * @param workDir where checkpoints and the finished artifact go (kept across restarts)
 */
public record TrainingJob(
    String runId,
    String tenantId,
    String catalogEntry,
    Path dataset,
    String target,
    Map<String, Object> hyperparameters,
    Integer epochs,
    Long seed,
    Path parentArtifact,
    FineTuneOptions fineTune,
    String computeType,
    String computeSize,
    Path workDir) {

  /** How to fine-tune: learning-rate factor, layers to freeze, a new output head. */
  public record FineTuneOptions(Double learningRateFactor, Integer freezeLayers, boolean newHead) {}

  public boolean isFineTune() {
    return parentArtifact != null;
  }
}
