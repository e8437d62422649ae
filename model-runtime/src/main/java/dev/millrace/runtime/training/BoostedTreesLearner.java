package dev.millrace.runtime.training;

import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.catalog.Hyperparameters;
import dev.millrace.runtime.data.EncodedTable;
import dev.millrace.runtime.data.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees on XGBoost. One {@link #trainEpoch} is one boosting round, so rounds get
 * the same progress events, checkpoints, early stopping and cancellation as epochs. Fine tuning
 * continues boosting from the saved booster.
 */
final class BoostedTreesLearner implements Learner {

  static final String MODEL_FILE = "model.ubj";

  private final Task task;
  private final int classes;
  private final Map<String, Object> parameters;
  private final int width;
  private Booster booster;
  private DMatrix trainMatrix;
  private int[] trainOrder;

  private BoostedTreesLearner(Task task, int classes, int width, Map<String, Object> parameters) {
    this.width = width;
    this.task = task;
    this.classes = classes;
    this.parameters = parameters;
  }

  static BoostedTreesLearner create(
      Task task, int classes, int width, Hyperparameters p, long seed) {
    return new BoostedTreesLearner(task, classes, width, parameters(task, classes, p, seed));
  }

  /** A saved booster; {@code p} and {@code seed} set how boosting continues, if it does. */
  static BoostedTreesLearner load(
      Path dir, Task task, int classes, int width, Hyperparameters p, long seed) {
    BoostedTreesLearner learner = create(task, classes, width, p, seed);
    learner.booster = read(dir.resolve(MODEL_FILE));
    return learner;
  }

  private static Map<String, Object> parameters(
      Task task, int classes, Hyperparameters p, long seed) {
    Map<String, Object> params = new HashMap<>();
    if (task == Task.CLASSIFICATION && classes > 2) {
      params.put("objective", "multi:softprob");
      params.put("num_class", classes);
    } else if (task == Task.CLASSIFICATION) {
      params.put("objective", "binary:logistic");
    } else {
      params.put("objective", "reg:squarederror");
    }
    params.put("tree_method", "hist");
    params.put("seed", seed);
    params.put("nthread", Runtime.getRuntime().availableProcessors());
    params.put("verbosity", 0);
    if (p != null) {
      params.put("eta", p.getDouble("eta"));
      params.put("max_depth", p.getInt("maxDepth"));
      params.put("subsample", p.getDouble("subsample"));
      params.put("colsample_bytree", p.getDouble("colsampleByTree"));
      params.put("min_child_weight", p.getDouble("minChildWeight"));
      params.put("lambda", p.getDouble("lambda"));
    }
    return params;
  }

  @Override
  public double trainEpoch(EncodedTable table, int[] order, int epoch, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      return Double.NaN;
    }
    try {
      if (trainMatrix == null || trainOrder != order) {
        trainMatrix = matrix(table, order);
        trainOrder = order;
      }
      if (booster == null) {
        booster = XGBoost.train(trainMatrix, parameters, 0, Map.of(), null, null);
      } else {
        booster.setParams(parameters);
      }
      booster.update(trainMatrix, epoch);
    } catch (XGBoostError e) {
      throw new ModelRuntimeException("XGBoost failed: " + e.getMessage(), e);
    }
    return Double.NaN; // the caller computes the training loss from predictions
  }

  private static DMatrix matrix(EncodedTable table, int[] rows) throws XGBoostError {
    float[] data = new float[rows.length * table.width()];
    float[] labels = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      table.copyRow(rows[i], data, i * table.width());
      labels[i] = table.target(rows[i]);
    }
    DMatrix matrix = new DMatrix(data, rows.length, table.width(), Float.NaN);
    matrix.setLabel(labels);
    return matrix;
  }

  @Override
  public float[] predict(float[] features, int rows) {
    if (booster == null) {
      throw new IllegalStateException("no trees yet");
    }
    try {
      float[][] raw;
      synchronized (this) {
        raw = booster.inplace_predict(features, rows, width, Float.NaN);
      }
      int k = outputs();
      float[] out = new float[rows * k];
      for (int r = 0; r < rows; r++) {
        if (task == Task.CLASSIFICATION && classes == 2) {
          out[r * 2] = 1 - raw[r][0];
          out[r * 2 + 1] = raw[r][0];
        } else {
          System.arraycopy(raw[r], 0, out, r * k, k);
        }
      }
      return out;
    } catch (XGBoostError e) {
      throw new ModelRuntimeException("XGBoost failed: " + e.getMessage(), e);
    }
  }

  @Override
  public int outputs() {
    return task == Task.CLASSIFICATION ? classes : 1;
  }

  @Override
  public byte[] snapshot() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      booster.saveModel(bytes, "ubj");
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XGBoostError e) {
      throw new ModelRuntimeException("XGBoost failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void restoreWeights(byte[] snapshot) {
    try {
      if (booster != null) {
        booster.dispose();
      }
      booster = XGBoost.loadModel(snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XGBoostError e) {
      throw new ModelRuntimeException("cannot load trees: " + e.getMessage(), e);
    }
  }

  /** A learner continuing from a checkpoint's snapshot. */
  static BoostedTreesLearner fromSnapshot(
      byte[] snapshot, Task task, int classes, int width, Hyperparameters p, long seed) {
    BoostedTreesLearner learner = create(task, classes, width, p, seed);
    learner.restoreWeights(snapshot);
    return learner;
  }

  @Override
  public void saveModel(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(MODEL_FILE), snapshot());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Booster read(Path file) {
    try {
      return XGBoost.loadModel(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XGBoostError e) {
      throw new ModelRuntimeException("cannot load trees from " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (trainMatrix != null) {
      trainMatrix.dispose();
    }
    if (booster != null) {
      booster.dispose();
    }
  }
}
