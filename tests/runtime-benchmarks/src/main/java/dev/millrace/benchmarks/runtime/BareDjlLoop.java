package dev.millrace.benchmarks.runtime;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The baseline: what a developer writes with DJL alone. Reads the CSV naively, standardises the
 * columns, trains the same MLP with DJL's own Adam on the same number of rows, epochs, batch size
 * and seed, and does nothing else (no validation, checkpoints, evaluation or artifact).
 */
final class BareDjlLoop {

  private BareDjlLoop() {}

  static void train(
      Path csv,
      String target,
      int trainRows,
      int[] hidden,
      float learningRate,
      int batchSize,
      int epochs,
      long seed)
      throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    int targetIndex = List.of(header).indexOf(target);
    int width = header.length - 1;
    int rows = lines.size() - 1;
    float[] features = new float[rows * width];
    float[] labels = new float[rows];
    Map<String, Integer> classes = new HashMap<>();
    for (int r = 0; r < rows; r++) {
      String[] fields = lines.get(r + 1).split(",");
      int c = 0;
      for (int i = 0; i < fields.length; i++) {
        if (i == targetIndex) {
          labels[r] = classes.computeIfAbsent(fields[i], k -> classes.size());
        } else {
          features[r * width + c++] = Float.parseFloat(fields[i]);
        }
      }
    }
    for (int c = 0; c < width; c++) {
      double sum = 0;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        sum += features[r * width + c];
        squares += features[r * width + c] * features[r * width + c];
      }
      double mean = sum / rows;
      double std = Math.sqrt(Math.max(1e-12, squares / rows - mean * mean));
      for (int r = 0; r < rows; r++) {
        features[r * width + c] = (float) ((features[r * width + c] - mean) / std);
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      order.add(r);
    }
    Collections.shuffle(order, new Random(seed));
    int[] train = order.subList(0, trainRows).stream().mapToInt(Integer::intValue).toArray();

    Engine.getEngine("PyTorch").setRandomSeed((int) seed);
    SequentialBlock block = new SequentialBlock();
    for (int units : hidden) {
      block.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
    }
    block.add(Linear.builder().setUnits(classes.size()).build());
    try (Model model = Model.newInstance("bare", "PyTorch")) {
      model.setBlock(block);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, width));
        float[] x = new float[batchSize * width];
        float[] y = new float[batchSize];
        for (int epoch = 1; epoch <= epochs; epoch++) {
          int[] shuffled = train.clone();
          Random random = new Random(seed * 1_000_003L + epoch);
          for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
          }
          for (int start = 0; start < shuffled.length; start += batchSize) {
            int n = Math.min(batchSize, shuffled.length - start);
            for (int i = 0; i < n; i++) {
              System.arraycopy(features, shuffled[start + i] * width, x, i * width, width);
              y[i] = labels[shuffled[start + i]];
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
              NDArray input = batch.create(FloatBuffer.wrap(x, 0, n * width), new Shape(n, width));
              NDArray truth = batch.create(FloatBuffer.wrap(y, 0, n), new Shape(n));
              try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(input));
                collector.backward(trainer.getLoss().evaluate(new NDList(truth), predictions));
              }
              trainer.step();
            }
          }
        }
      }
    }
  }
}
