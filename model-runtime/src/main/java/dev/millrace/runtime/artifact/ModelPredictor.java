package dev.millrace.runtime.artifact;

import dev.millrace.runtime.data.ColumnType;
import dev.millrace.runtime.data.Feature;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.RowEncoder;
import dev.millrace.runtime.data.Task;
import dev.millrace.runtime.training.Learner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions from a loaded artifact, applying the artifact's own preprocessing. Safe for
 * concurrent use: encoding state is per call.
 */
public final class ModelPredictor implements AutoCloseable {

  private final ModelArtifact artifact;
  private final Learner learner;
  private final Preprocessing preprocessing;

  ModelPredictor(ModelArtifact artifact, Learner learner) {
    this.artifact = artifact;
    this.learner = learner;
    this.preprocessing = artifact.preprocessing();
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** Outputs per encoded row: {@link #outputsPerRow()} values each (probabilities or a value). */
  public float[] predictEncoded(float[] features, int rows) {
    return learner.predict(features, rows);
  }

  public int outputsPerRow() {
    return learner.outputs();
  }

  /**
   * Predicts rows given as column name to value (number, string, boolean or null for missing).
   *
   * @throws IllegalArgumentException naming the row and column of a value that cannot be used
   */
  public List<Prediction> predict(List<Map<String, ?>> rows) {
    int width = preprocessing.width();
    float[] encoded = new float[rows.size() * width];
    RowEncoder encoder = preprocessing.encoder();
    List<Feature> features = preprocessing.features();
    for (int r = 0; r < rows.size(); r++) {
      Map<String, ?> row = rows.get(r);
      for (int f = 0; f < features.size(); f++) {
        String name = features.get(f).name();
        Object value = row.get(name);
        String where = "rows[" + r + "]." + name;
        if (value instanceof Number number
            && features.get(f).width() == 1
            && features.get(f).type() != ColumnType.CATEGORICAL) {
          encoder.encodeNumber(f, number.doubleValue(), encoded, r * width);
        } else if (value instanceof Boolean flag) {
          encoder.encodeText(f, flag.toString(), encoded, r * width, where);
        } else {
          encoder.encodeText(f, value == null ? null : value.toString(), encoded, r * width, where);
        }
      }
      RowEncoder.finish(encoded, r * width, (r + 1) * width);
    }
    float[] outputs = predictEncoded(encoded, rows.size());
    List<Prediction> predictions = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      predictions.add(decode(outputs, r));
    }
    return predictions;
  }

  /** Turns row {@code row} of {@link #predictEncoded} outputs into an answer. */
  public Prediction decode(float[] outputs, int row) {
    if (preprocessing.task() == Task.REGRESSION) {
      return new Prediction(null, null, value(outputs[row]));
    }
    int k = preprocessing.labels().size();
    Map<String, Double> probabilities = new LinkedHashMap<>();
    int best = 0;
    for (int c = 0; c < k; c++) {
      probabilities.put(preprocessing.labels().get(c), (double) outputs[row * k + c]);
      if (outputs[row * k + c] > outputs[row * k + best]) {
        best = c;
      }
    }
    return new Prediction(preprocessing.labels().get(best), probabilities, null);
  }

  /** A regression output in the target's units. */
  public double value(float scaled) {
    return scaled * preprocessing.targetScale() + preprocessing.targetCenter();
  }

  @Override
  public void close() {
    learner.close();
  }
}
