package dev.millrace.runtime.training;

import ai.djl.Device;
import dev.millrace.runtime.catalog.Catalog;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.runtime.catalog.Hyperparameters;
import dev.millrace.runtime.catalog.ModelFamily;
import dev.millrace.runtime.data.DataIssue;
import dev.millrace.runtime.data.DatasetLoader;
import dev.millrace.runtime.data.DatasetLoader.LoadedDataset;
import dev.millrace.runtime.data.DatasetProfile;
import dev.millrace.runtime.data.DatasetProfiler;
import dev.millrace.runtime.data.Task;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Test before training": checks a data file against an entry and times a few real batches on it,
 * then estimates the training time and credits for a compute type and size.
 */
public final class DryRun {

  private static final int MEASURED_BATCHES = 5;

  /**
   * @param estimatedSeconds for all epochs (early stopping can only shorten it)
   * @param assumptions how the estimate was made, for the user
   */
  public record Report(
      boolean valid,
      List<DataIssue> errors,
      List<DataIssue> warnings,
      long rows,
      long trainRows,
      int epochs,
      long stepsPerEpoch,
      double secondsPerStep,
      double estimatedSeconds,
      BigDecimal estimatedCredits,
      ComputeType computeType,
      ComputeSize computeSize,
      String assumptions) {}

  private DryRun() {}

  public static Report estimate(
      String entryId,
      Path data,
      String target,
      Map<String, ?> hyperparameters,
      ComputeType type,
      ComputeSize size) {
    CatalogEntry entry = Catalog.standard().entry(entryId);
    Hyperparameters p = Hyperparameters.resolve(entry, hyperparameters);
    BigDecimal price = entry.price(type, size);
    Task task = entry.task();
    if (task == null && p.has("task") && !p.getString("task").equals("auto")) {
      task = Task.valueOf(p.getString("task").toUpperCase(Locale.ROOT));
    }
    DatasetProfile profile = DatasetProfiler.profile(data, target, task);
    boolean trees = entry.family() == ModelFamily.BOOSTED_TREES;
    int epochs = p.getInt(trees ? "rounds" : "epochs");
    if (!profile.valid()) {
      return new Report(
          false,
          profile.errors(),
          profile.warnings(),
          profile.rows(),
          0,
          epochs,
          0,
          0,
          0,
          BigDecimal.ZERO,
          type,
          size,
          "the data does not fit the entry; nothing was timed");
    }
    DatasetLoader.Options options =
        DatasetLoader.Options.defaults(42)
            .withFractions(p.getDouble("validationFraction"), p.getDouble("testFraction"));
    if (entry.image()) {
      options = options.withImage(p.getInt("height"), p.getInt("width"));
    }
    try (LoadedDataset loaded = DatasetLoader.load(data, target, task, options)) {
      int classes = loaded.preprocessing().labels().size();
      Task resolved = loaded.preprocessing().task();
      int[] train = loaded.split().train();
      long steps;
      double secondsPerStep;
      if (trees) {
        try (BoostedTreesLearner learner =
            BoostedTreesLearner.create(resolved, classes, loaded.table().width(), p, 42)) {
          learner.trainEpoch(loaded.table(), train, 0, () -> false);
          long start = System.nanoTime();
          for (int round = 1; round <= 3; round++) {
            learner.trainEpoch(loaded.table(), train, round, () -> false);
          }
          secondsPerStep = (System.nanoTime() - start) / 3e9;
          steps = 1;
        }
      } else {
        int batch = p.getInt("batchSize");
        Device device = type == ComputeType.GPU ? DjlEnvironment.device("auto") : Device.cpu();
        NetworkArchitecture architecture =
            entry.image()
                ? NetworkArchitecture.cnn(p, loaded.preprocessing().imageShape(), classes)
                : NetworkArchitecture.mlp(
                    p, loaded.table().width(), resolved == Task.CLASSIFICATION ? classes : 1);
        try (DjlLearner learner = DjlLearner.create(architecture, resolved, device)) {
          learner.startTraining((float) p.getDouble("learningRate"), 0, batch, 0);
          int[] sample =
              Arrays.copyOf(train, Math.min(train.length, batch * (MEASURED_BATCHES + 1)));
          int[] warmUp = Arrays.copyOf(sample, Math.min(sample.length, batch));
          learner.trainEpoch(loaded.table(), warmUp, 0, () -> false);
          int[] measured = Arrays.copyOfRange(sample, warmUp.length, sample.length);
          long start = System.nanoTime();
          learner.trainEpoch(
              loaded.table(), measured.length > 0 ? measured : warmUp, 1, () -> false);
          int measuredSteps =
              Math.max(1, (int) Math.ceil((double) Math.max(measured.length, 1) / batch));
          secondsPerStep = (System.nanoTime() - start) / 1e9 / measuredSteps;
          steps = (long) Math.ceil((double) train.length / batch);
        }
      }
      int localCores = Runtime.getRuntime().availableProcessors();
      // Small models scale poorly with cores: assume half the ideal speed-up from extra cores.
      double speedUp = 1 + 0.5 * (Math.max(1.0, size.cpus()) / localCores - 1);
      double validationShare = 1.15; // per-epoch validation and checkpointing
      double seconds = epochs * steps * secondsPerStep * validationShare / Math.max(0.25, speedUp);
      BigDecimal credits =
          price.multiply(BigDecimal.valueOf(Math.ceil(seconds))).setScale(4, RoundingMode.HALF_UP);
      String assumptions =
          String.format(
              Locale.ROOT,
              "timed %s on %d local cores; scaled to %d CPUs of size %s assuming half-linear "
                  + "speed-up; +15%% for validation and checkpoints; all %d epochs (early stopping "
                  + "only shortens it); price %s credits/s",
              trees ? "3 boosting rounds" : MEASURED_BATCHES + " batches",
              localCores,
              size.cpus(),
              size.name().toLowerCase(Locale.ROOT),
              epochs,
              price.toPlainString());
      return new Report(
          true,
          List.of(),
          profile.warnings(),
          profile.rows(),
          train.length,
          epochs,
          steps,
          secondsPerStep,
          seconds,
          credits,
          type,
          size,
          assumptions);
    }
  }
}
