package dev.millrace.runtime.playground;

import dev.millrace.runtime.artifact.ArtifactLayout;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.artifact.Prediction;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.runtime.training.DryRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Try a model before training: predict with a base model or an artifact, and dry-run a plan. */
public final class Playground {

  private Playground() {}

  /** An artifact directory, or a catalogue entry id whose base model is used. */
  public static ModelArtifact resolve(String artifactOrEntry) {
    Path path = Path.of(artifactOrEntry);
    if (Files.isDirectory(path) && ArtifactLayout.isArtifact(path)) {
      return ModelArtifact.load(path);
    }
    return BaseModels.load(artifactOrEntry);
  }

  public static List<Prediction> predict(String artifactOrEntry, List<Map<String, ?>> rows) {
    try (ModelPredictor predictor = resolve(artifactOrEntry).newPredictor("cpu")) {
      return predictor.predict(rows);
    }
  }

  public static DryRun.Report estimate(
      String entry,
      Path data,
      String target,
      Map<String, ?> hyperparameters,
      ComputeType type,
      ComputeSize size) {
    return DryRun.estimate(entry, data, target, hyperparameters, type, size);
  }
}
