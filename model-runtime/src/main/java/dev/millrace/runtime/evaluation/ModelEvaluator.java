package dev.millrace.runtime.evaluation;

import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.data.DatasetLoader;
import dev.millrace.runtime.data.DatasetLoader.LoadedDataset;
import dev.millrace.runtime.data.EncodedTable;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.Task;
import java.nio.file.Path;

/** Evaluates a saved model on a whole data file (every row is held-out data). */
public final class ModelEvaluator {

  private ModelEvaluator() {}

  public static Evaluation evaluate(ModelArtifact artifact, Path data, String device) {
    Preprocessing p = artifact.preprocessing();
    try (LoadedDataset loaded =
            DatasetLoader.loadFor(data, p, false, DatasetLoader.Options.defaults(0), false);
        ModelPredictor predictor = artifact.newPredictor(device == null ? "cpu" : device)) {
      EncodedTable table = loaded.table();
      int n = table.rows();
      float[] features = new float[n * table.width()];
      float[] truth = new float[n];
      for (int r = 0; r < n; r++) {
        table.copyRow(r, features, r * table.width());
        truth[r] = table.target(r);
      }
      float[] outputs = predictor.predictEncoded(features, n);
      if (p.task() == Task.CLASSIFICATION) {
        return Evaluation.classification(outputs, truth, p.labels());
      }
      float[] values = new float[n];
      for (int r = 0; r < n; r++) {
        values[r] = (float) predictor.value(outputs[r]);
        truth[r] = (float) (truth[r] * p.targetScale() + p.targetCenter());
      }
      return Evaluation.regression(values, truth);
    }
  }
}
