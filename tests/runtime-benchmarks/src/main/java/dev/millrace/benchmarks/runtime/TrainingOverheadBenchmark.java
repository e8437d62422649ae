package dev.millrace.benchmarks.runtime;

import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.playground.BundledDatasets;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Millrace's whole training run (profile, encode, split, train, per-epoch validation and
 * checkpoint, evaluation, artifact) against {@link BareDjlLoop} on the same file, rows, epochs,
 * batch size and seed. Runs alternate after a warm-up of each; medians are compared.
 */
final class TrainingOverheadBenchmark {

  private TrainingOverheadBenchmark() {}

  static void run(Path work) throws Exception {
    // Small: the bundled digits, where fixed costs weigh most.
    compare(work, BundledDatasets.extract("digits.csv", work), "digit", "digits.csv", 30, 5);
    // Larger: a seeded synthetic table, closer to a real job's length.
    Path synthetic = synthetic(work.resolve("synthetic.csv"), 30_000, 32, 5, 42);
    compare(work, synthetic, "label", "synthetic 30,000 x 32, 5 classes", 6, 3);
  }

  private static void compare(
      Path work, Path data, String target, String name, int epochs, int repeats) throws Exception {
    int[] hidden = {64, 32};
    TrainingRequest request =
        TrainingRequest.of("tabular-classifier", data, target, work.resolve("bench-mlp"))
            .withEpochs(epochs)
            .withHyperparameters(
                Map.of("hiddenLayers", "64,32", "earlyStoppingPatience", 0, "learningRate", 0.01));
    ModelArtifact warm = ModelTrainer.train(request, TrainingListener.NONE, null);
    int trainRows = (int) warm.card().training().trainRows();
    BareDjlLoop.train(data, target, trainRows, hidden, 0.01f, 32, epochs, 42);

    double[] bare = new double[repeats];
    double[] millrace = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      BareDjlLoop.train(data, target, trainRows, hidden, 0.01f, 32, epochs, 42);
      bare[i] = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      ModelTrainer.train(
          request.withOutput(work.resolve("bench-mlp-" + i)), TrainingListener.NONE, null);
      millrace[i] = (System.nanoTime() - start) / 1e9;
    }
    double b = median(bare);
    double m = median(millrace);
    System.out.printf(
        "%ntraining overhead: %s, MLP %d-64-32-k, %d training rows, %d epochs, batch 32, "
            + "seed 42, %d alternating runs each after a warm-up%n",
        name, warm.preprocessing().width(), trainRows, epochs, repeats);
    System.out.printf("  bare DJL loop  median %.3f s  runs %s%n", b, Arrays.toString(round(bare)));
    System.out.printf(
        "  Millrace       median %.3f s  runs %s%n", m, Arrays.toString(round(millrace)));
    System.out.printf(
        "  ratio Millrace/bare = %.3f by medians, %.3f by fastest runs (target <= 1.05); Millrace"
            + " also profiles and validates the file, validates and checkpoints every epoch,"
            + " evaluates and writes the artifact%n",
        m / b,
        Arrays.stream(millrace).min().orElseThrow() / Arrays.stream(bare).min().orElseThrow());
  }

  /** Gaussian classes around seeded random centres. */
  static Path synthetic(Path file, int rows, int features, int classes, long seed)
      throws IOException {
    Random random = new Random(seed);
    double[][] centres = new double[classes][features];
    for (double[] centre : centres) {
      for (int f = 0; f < features; f++) {
        centre[f] = random.nextGaussian();
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int f = 0; f < features; f++) {
        out.write("x" + f + ",");
      }
      out.write("label\n");
      for (int r = 0; r < rows; r++) {
        int label = random.nextInt(classes);
        for (int f = 0; f < features; f++) {
          out.write(
              String.format(Locale.ROOT, "%.4f,", centres[label][f] + 1.5 * random.nextGaussian()));
        }
        out.write("c" + label + "\n");
      }
    }
    return file;
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
