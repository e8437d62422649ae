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

  private static final int CHUNK_FLOATS = 1 << 20;

  private ModelEvaluator() {}

  public static Evaluation evaluate(ModelArtifact artifact, Path data, String device) {
    Preprocessing p = artifact.preprocessing();
    try (LoadedDataset loaded =
            DatasetLoader.loadFor(data, p, false, DatasetLoader.Options.defaults(0), false);
        ModelPredictor predictor = artifact.newPredictor(device == null ? "cpu" : device)) {
      EncodedTable table = loaded.table();
      int n = table.rows();
      int k = predictor.outputsPerRow();
      float[] truth = new float[n];
      float[] outputs = new float[n * k];
      // Chunks bound memory: the table itself may be a spilled, memory-mapped one.
      int chunk = Math.max(1, CHUNK_FLOATS / table.width());
      float[] features = new float[Math.min(chunk, Math.max(1, n)) * table.width()];
      for (int start = 0; start < n; start += chunk) {
        int rows = Math.min(chunk, n - start);
        for (int r = 0; r < rows; r++) {
          table.copyRow(start + r, features, r * table.width());
          truth[start + r] = table.target(start + r);
        }
        float[] part = predictor.predictEncoded(features, rows);
        System.arraycopy(part, 0, outputs, start * k, rows * k);
      }
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
