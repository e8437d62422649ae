package dev.millrace.runtime.training;

import java.nio.file.Path;
import java.util.Map;

/**
 * What to train. For fine-tuning, {@code fineTuning} names the parent artifact and {@code
 * catalogEntry}/{@code target} may be null (they come from the parent).
 *
 * @param hyperparameters values as JSON-able objects or command-line strings
 * @param epochs overrides the {@code epochs} (or {@code rounds}) hyper-parameter when not null
 * @param device "cpu", "gpu" or "auto"
 * @param resume continue from the last checkpoint in {@code output} when there is one
 */
public record TrainingRequest(
    String catalogEntry,
    Path data,
    String target,
    Map<String, ?> hyperparameters,
    long seed,
    Integer epochs,
    Path output,
    String device,
    boolean resume,
    FineTuning fineTuning) {

  public TrainingRequest {
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    device = device == null ? "cpu" : device;
  }

  public static TrainingRequest of(String entry, Path data, String target, Path output) {
    return new TrainingRequest(entry, data, target, Map.of(), 42, null, output, "cpu", false, null);
  }

  public TrainingRequest withHyperparameters(Map<String, ?> values) {
    return new TrainingRequest(
        catalogEntry, data, target, values, seed, epochs, output, device, resume, fineTuning);
  }

  public TrainingRequest withSeed(long newSeed) {
    return new TrainingRequest(
        catalogEntry,
        data,
        target,
        hyperparameters,
        newSeed,
        epochs,
        output,
        device,
        resume,
        fineTuning);
  }

  public TrainingRequest withEpochs(Integer newEpochs) {
    return new TrainingRequest(
        catalogEntry,
        data,
        target,
        hyperparameters,
        seed,
        newEpochs,
        output,
        device,
        resume,
        fineTuning);
  }

  public TrainingRequest withResume(boolean newResume) {
    return new TrainingRequest(
        catalogEntry,
        data,
        target,
        hyperparameters,
        seed,
        epochs,
        output,
        device,
        newResume,
        fineTuning);
  }

  public TrainingRequest withOutput(Path newOutput) {
    return new TrainingRequest(
        catalogEntry,
        data,
        target,
        hyperparameters,
        seed,
        epochs,
        newOutput,
        device,
        resume,
        fineTuning);
  }

  public static TrainingRequest fineTune(Path parent, Path data, Path output, FineTuning options) {
    return new TrainingRequest(
        null, data, null, Map.of(), 42, null, output, "cpu", false, options.withParent(parent));
  }

  /**
   * @param learningRateFactor the parent's learning rate is multiplied by this (below 1)
   * @param frozenLayers weighted layers, input side first, that keep their weights
   * @param newHead allow labels the parent did not know: the output layer grows
   */
  public record FineTuning(
      Path parent, double learningRateFactor, int frozenLayers, boolean newHead) {
    public static FineTuning defaults() {
      return new FineTuning(null, 0.1, 0, false);
    }

    public FineTuning withParent(Path newParent) {
      return new FineTuning(newParent, learningRateFactor, frozenLayers, newHead);
    }
  }
}
