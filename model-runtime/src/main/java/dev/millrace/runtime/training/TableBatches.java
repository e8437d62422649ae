package dev.millrace.runtime.training;

import dev.millrace.runtime.data.EncodedTable;
import java.util.Arrays;
import java.util.Random;

/** Row orders and chunked model calls over an encoded table. */
final class TableBatches {

  private TableBatches() {}

  /** A seeded permutation (Fisher-Yates), the same on every machine for a seed. */
  static int[] shuffled(int[] rows, long seed) {
    int[] order = rows.clone();
    Random random = new Random(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** Outputs for the given rows, in chunks to bound memory. */
  static float[] predict(Learner learner, EncodedTable table, int[] rows) {
    int k = learner.outputs();
    float[] outputs = new float[rows.length * k];
    int chunk = Math.max(1, (1 << 20) / table.width());
    float[] features = new float[Math.min(chunk, Math.max(1, rows.length)) * table.width()];
    for (int start = 0; start < rows.length; start += chunk) {
      int n = Math.min(chunk, rows.length - start);
      for (int i = 0; i < n; i++) {
        table.copyRow(rows[start + i], features, i * table.width());
      }
      float[] out =
          learner.predict(
              n == features.length / table.width()
                  ? features
                  : Arrays.copyOf(features, n * table.width()),
              n);
      System.arraycopy(out, 0, outputs, start * k, n * k);
    }
    return outputs;
  }

  static float[] targets(EncodedTable table, int[] rows) {
    float[] targets = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      targets[i] = table.target(rows[i]);
    }
    return targets;
  }
}
