package dev.millrace.benchmarks.runtime;

import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.playground.BundledDatasets;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Millrace's whole training run (profile, encode, split, train, per-epoch validation and
 * checkpoint, evaluation, artifact) against {@link BareDjlLoop} on the same file, rows, epochs,
 * batch size and seed. Runs alternate after a warm-up of each; medians are compared.
 */
final class TrainingOverheadBenchmark {

  private static final int EPOCHS = 30;
  private static final int REPEATS = 5;

  private TrainingOverheadBenchmark() {}

  static void run(Path work) throws Exception {
    Path digits = BundledDatasets.extract("digits.csv", work);
    int[] hidden = {64, 32};
    TrainingRequest request =
        TrainingRequest.of("tabular-classifier", digits, "digit", work.resolve("bench-mlp"))
            .withEpochs(EPOCHS)
            .withHyperparameters(
                Map.of("hiddenLayers", "64,32", "earlyStoppingPatience", 0, "learningRate", 0.01));
    ModelArtifact warm = ModelTrainer.train(request, TrainingListener.NONE, null);
    int trainRows = (int) warm.card().training().trainRows();
    BareDjlLoop.train(digits, "digit", trainRows, hidden, 0.01f, 32, EPOCHS, 42);

    double[] bare = new double[REPEATS];
    double[] millrace = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      BareDjlLoop.train(digits, "digit", trainRows, hidden, 0.01f, 32, EPOCHS, 42);
      bare[i] = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      ModelTrainer.train(
          request.withOutput(work.resolve("bench-mlp-" + i)), TrainingListener.NONE, null);
      millrace[i] = (System.nanoTime() - start) / 1e9;
    }
    double b = median(bare);
    double m = median(millrace);
    System.out.printf(
        "%ntraining overhead: digits.csv, MLP 64-64-32-10, %d training rows, %d epochs, batch 32, "
            + "seed 42, %d alternating runs each%n",
        trainRows, EPOCHS, REPEATS);
    System.out.printf("  bare DJL loop  median %.3f s  runs %s%n", b, Arrays.toString(round(bare)));
    System.out.printf(
        "  Millrace       median %.3f s  runs %s%n", m, Arrays.toString(round(millrace)));
    System.out.printf("  ratio Millrace/bare = %.3f (target <= 1.05)%n", m / b);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  static double[] round(double[] values) {
    return Arrays.stream(values).map(v -> Math.round(v * 1000) / 1000.0).toArray();
  }
}
