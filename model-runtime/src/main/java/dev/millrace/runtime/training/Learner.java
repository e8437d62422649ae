package dev.millrace.runtime.training;

import dev.millrace.runtime.data.EncodedTable;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What the training loop needs from a model family. Outputs are class probabilities (rows x
 * classes) or scaled regression values (rows x 1), flattened row-major.
 */
public interface Learner extends AutoCloseable {

  /**
   * One pass over {@code order}; returns the mean training loss, or NaN when {@code cancelled}
   * turned true before the pass ended (the model is then mid-epoch and must not be saved).
   */
  double trainEpoch(EncodedTable table, int[] order, int epoch, BooleanSupplier cancelled);

  float[] predict(float[] features, int rows);

  int outputs();

  /** Weights and optimiser state in memory, enough to continue exactly where training stopped. */
  byte[] snapshot();

  /** Restores the weights of a {@link #snapshot} (the best epoch's, after training). */
  void restoreWeights(byte[] snapshot);

  /** Writes the final model into an artifact's {@code model/} directory. */
  void saveModel(Path dir);

  @Override
  void close();
}
