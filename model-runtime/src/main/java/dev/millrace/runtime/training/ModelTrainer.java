package dev.millrace.runtime.training;

import ai.djl.Device;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ArtifactLayout;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelCard;
import dev.millrace.runtime.catalog.Catalog;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.Hyperparameters;
import dev.millrace.runtime.catalog.ModelFamily;
import dev.millrace.runtime.data.DataSplit;
import dev.millrace.runtime.data.DatasetLoader;
import dev.millrace.runtime.data.DatasetLoader.LoadedDataset;
import dev.millrace.runtime.data.EncodedTable;
import dev.millrace.runtime.data.MissingValues;
import dev.millrace.runtime.data.Task;
import dev.millrace.runtime.evaluation.Evaluation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Trains and fine-tunes catalogue models: seeded, with early stopping on the validation loss, a
 * checkpoint per epoch, resume after a crash and cancellation between batches. The result is an
 * artifact directory with the best epoch's weights and a model card holding the held-out
 * evaluation.
 */
public final class ModelTrainer {

  private ModelTrainer() {}

  public static ModelArtifact train(
      TrainingRequest request, TrainingListener listener, Cancellation cancellation) {
    try {
      return new Run(request, listener, cancellation).execute();
    } catch (TrainingCancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      listener.onEvent(
          new TrainingEvent.Failed(e.getMessage() == null ? e.toString() : e.getMessage()));
      throw e;
    }
  }

  /** One training run's state. */
  private static final class Run {
    private final TrainingRequest request;
    private final TrainingListener listener;
    private final Cancellation cancellation;
    private final long started = System.nanoTime();
    private ModelArtifact parent;
    private CatalogEntry entry;
    private Hyperparameters hyperparameters;
    private TrainingHistory history;

    Run(TrainingRequest request, TrainingListener listener, Cancellation cancellation) {
      this.request = request;
      this.listener = listener;
      this.cancellation = cancellation == null ? new Cancellation() : cancellation;
    }

    ModelArtifact execute() {
      Map<String, Object> given = new HashMap<>();
      if (request.fineTuning() != null) {
        parent = ModelArtifact.load(request.fineTuning().parent());
        entry = Catalog.standard().entry(parent.card().catalogEntry());
        parent
            .card()
            .hyperparameters()
            .fields()
            .forEachRemaining(f -> given.put(f.getKey(), f.getValue()));
      } else {
        entry = Catalog.standard().entry(request.catalogEntry());
      }
      given.putAll(request.hyperparameters());
      if (request.epochs() != null) {
        given.put(
            entry.family() == ModelFamily.BOOSTED_TREES ? "rounds" : "epochs", request.epochs());
      }
      hyperparameters = Hyperparameters.resolve(entry, given);
      int maxEpochs =
          hyperparameters.getInt(entry.family() == ModelFamily.BOOSTED_TREES ? "rounds" : "epochs");
      try (LoadedDataset data = load()) {
        return train(data, maxEpochs);
      }
    }

    private LoadedDataset load() {
      DatasetLoader.Options options =
          DatasetLoader.Options.defaults(request.seed())
              .withFractions(
                  hyperparameters.getDouble("validationFraction"),
                  hyperparameters.getDouble("testFraction"));
      if (hyperparameters.has("missingValues")) {
        options =
            new DatasetLoader.Options(
                options.seed(),
                options.validationFraction(),
                options.testFraction(),
                MissingValues.valueOf(
                    hyperparameters.getString("missingValues").toUpperCase(Locale.ROOT)),
                false,
                0,
                0,
                options.spillAfterBytes());
      }
      if (entry.image()) {
        options =
            options.withImage(hyperparameters.getInt("height"), hyperparameters.getInt("width"));
      }
      if (parent != null) {
        return DatasetLoader.loadFor(
            request.data(), parent.preprocessing(), request.fineTuning().newHead(), options, true);
      }
      Task task = entry.task();
      if (task == null && hyperparameters.has("task")) {
        String chosen = hyperparameters.getString("task");
        task = chosen.equals("auto") ? null : Task.valueOf(chosen.toUpperCase(Locale.ROOT));
      }
      if (request.target() == null) {
        throw new ModelRuntimeException("no target column given");
      }
      return DatasetLoader.load(request.data(), request.target(), task, options);
    }

    private ModelArtifact train(LoadedDataset data, int maxEpochs) {
      Task task = data.preprocessing().task();
      int classes = data.preprocessing().labels().size();
      DataSplit split = data.split();
      EncodedTable table = data.table();
      try (Checkpoints checkpoints = new Checkpoints(request.output(), listener)) {
        return train(data, maxEpochs, checkpoints, task, classes, split, table);
      } finally {
        if (history != null) {
          history.close();
        }
      }
    }

    private ModelArtifact train(
        LoadedDataset data,
        int maxEpochs,
        Checkpoints checkpoints,
        Task task,
        int classes,
        DataSplit split,
        EncodedTable table) {
      Checkpoints.Saved resumed = request.resume() ? checkpoints.latest() : null;
      Checkpoints.State state = null;
      if (resumed != null) {
        state = resumed.state();
        if (!state.dataSha256().equals(data.profile().sha256()) || state.seed() != request.seed()) {
          throw new ModelRuntimeException(
              "the checkpoint " + resumed.file() + " was made with other data or another seed");
        }
        checkpoints.lastWritten(state.epoch());
      } else {
        checkpoints.deleteAll();
      }
      int frozen = request.fineTuning() == null ? 0 : request.fineTuning().frozenLayers();
      boolean newHead = parent != null && classes != parent.preprocessing().labels().size();
      Device device =
          entry.family() == ModelFamily.BOOSTED_TREES
              ? null
              : DjlEnvironment.device(request.device());
      String deviceName = device == null ? "cpu" : device.toString();
      try (Learner learner =
          createLearner(
              task, classes, data, resumed == null ? null : resumed.snapshot(), newHead)) {
        if (learner instanceof DjlLearner network) {
          float learningRate = (float) hyperparameters.getDouble("learningRate");
          if (parent != null) {
            learningRate *= (float) request.fineTuning().learningRateFactor();
          }
          DjlEnvironment.engine().setRandomSeed((int) request.seed());
          network.startTraining(
              learningRate,
              (float) hyperparameters.getDouble("weightDecay"),
              hyperparameters.getInt("batchSize"),
              frozen);
        } else if (frozen > 0) {
          throw new ModelRuntimeException("gradient-boosted trees have no layers to freeze");
        }
        int startEpoch = state == null ? 0 : state.epoch();
        int bestEpoch = state == null ? 0 : state.bestEpoch();
        double bestLoss = state == null ? Double.POSITIVE_INFINITY : state.bestLoss();
        double priorSeconds = state == null ? 0 : state.elapsedSeconds();
        String runId = UUID.randomUUID().toString();
        listener.onEvent(
            new TrainingEvent.Started(
                runId,
                entry.id(),
                task.name().toLowerCase(Locale.ROOT),
                maxEpochs,
                startEpoch + 1,
                split.train().length,
                split.validation().length,
                split.test().length,
                table.width(),
                deviceName,
                data.profile().sha256()));
        history = new TrainingHistory(request.output(), startEpoch);
        int[] monitor = split.validation().length > 0 ? split.validation() : split.train();
        int patience = hyperparameters.getInt("earlyStoppingPatience");
        boolean stoppedEarly = false;
        byte[] bestSnapshot = null;
        int epoch = startEpoch;
        while (epoch < maxEpochs) {
          epoch++;
          long epochStart = System.nanoTime();
          int[] order = split.train();
          if (learner instanceof DjlLearner) {
            DjlEnvironment.engine().setRandomSeed((int) (request.seed() * 31 + epoch));
            order = TableBatches.shuffled(split.train(), request.seed() * 1_000_003L + epoch);
          }
          double trainLoss = learner.trainEpoch(table, order, epoch, cancellation::isCancelled);
          if (Double.isNaN(trainLoss) && cancellation.isCancelled()) {
            throw cancelled(checkpoints);
          }
          if (Double.isNaN(trainLoss)) {
            trainLoss =
                Evaluation.loss(
                    task,
                    TableBatches.predict(learner, table, split.train()),
                    TableBatches.targets(table, split.train()),
                    learner.outputs());
          }
          float[] outputs = TableBatches.predict(learner, table, monitor);
          float[] truth = TableBatches.targets(table, monitor);
          double validationLoss = Evaluation.loss(task, outputs, truth, learner.outputs());
          double metric =
              task == Task.CLASSIFICATION
                  ? Evaluation.classification(outputs, truth, data.preprocessing().labels())
                      .headline()
                  : Evaluation.regression(outputs, truth).headline();
          boolean best = validationLoss < bestLoss - 1e-9;
          if (best) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
          }
          double elapsed = priorSeconds + (System.nanoTime() - started) / 1e9;
          TrainingEvent.Epoch event =
              new TrainingEvent.Epoch(
                  epoch,
                  maxEpochs,
                  trainLoss,
                  validationLoss,
                  task == Task.CLASSIFICATION ? "accuracy" : "r2",
                  metric,
                  best,
                  (System.nanoTime() - epochStart) / 1e9,
                  elapsed);
          // The event streams now; the history line is written on the checkpoint writer thread just
          // before the checkpoint, so a checkpoint on disk always has its history line.
          listener.onEvent(event);
          byte[] snapshot = learner.snapshot();
          if (best) {
            bestSnapshot = snapshot;
          }
          checkpoints.save(
              new Checkpoints.State(
                  epoch,
                  bestEpoch,
                  bestLoss,
                  data.profile().sha256(),
                  request.seed(),
                  entry.id(),
                  elapsed),
              snapshot,
              () -> history.append(event));
          if (patience > 0 && epoch - bestEpoch >= patience) {
            stoppedEarly = true;
            listener.onEvent(new TrainingEvent.EarlyStopped(epoch, bestEpoch, bestLoss));
            break;
          }
          if (cancellation.isCancelled()) {
            throw cancelled(checkpoints);
          }
        }
        if (learner instanceof DjlLearner network) {
          network.finishTraining();
        }
        checkpoints.flush();
        if (bestEpoch > 0 && bestEpoch != epoch) {
          // The best epoch's snapshot is in memory unless it was reached before a resume.
          learner.restoreWeights(
              bestSnapshot != null ? bestSnapshot : checkpoints.read(bestEpoch).snapshot());
        }
        float[] testOutputs = TableBatches.predict(learner, table, split.test());
        Evaluation evaluation =
            evaluate(task, data, testOutputs, TableBatches.targets(table, split.test()));
        double seconds = priorSeconds + (System.nanoTime() - started) / 1e9;
        learner.saveModel(request.output().resolve(ArtifactLayout.MODEL));
        ModelCard card =
            card(
                data,
                evaluation,
                deviceName,
                epoch,
                bestEpoch,
                stoppedEarly,
                resumed != null,
                seconds,
                frozen,
                newHead);
        ModelArtifact artifact = ModelArtifact.write(request.output(), card, data.preprocessing());
        checkpoints.deleteAll();
        listener.onEvent(
            new TrainingEvent.Finished(
                request.output().toString(), card.artifactId(), evaluation.metrics(), seconds));
        return artifact;
      }
    }

    private TrainingCancelledException cancelled(Checkpoints checkpoints) {
      checkpoints.flush();
      listener.onEvent(new TrainingEvent.Cancelled(checkpoints.lastWritten()));
      return new TrainingCancelledException(checkpoints.lastWritten());
    }

    private Learner createLearner(
        Task task, int classes, LoadedDataset data, byte[] resumed, boolean newHead) {
      if (entry.family() == ModelFamily.BOOSTED_TREES) {
        if (newHead) {
          throw new ModelRuntimeException(
              "gradient-boosted trees cannot add labels when fine-tuning; train a new model");
        }
        int width = data.table().width();
        if (resumed != null) {
          return BoostedTreesLearner.fromSnapshot(
              resumed, task, classes, width, hyperparameters, request.seed());
        }
        return parent != null
            ? BoostedTreesLearner.load(
                parent.directory().resolve(ArtifactLayout.MODEL),
                task,
                classes,
                width,
                hyperparameters,
                request.seed())
            : BoostedTreesLearner.create(task, classes, width, hyperparameters, request.seed());
      }
      Device device = DjlEnvironment.device(request.device());
      if (resumed != null) {
        return DjlLearner.fromSnapshot(resumed, task, device);
      }
      if (parent != null) {
        DjlLearner loaded =
            DjlLearner.load(parent.directory().resolve(ArtifactLayout.MODEL), task, device);
        if (!newHead) {
          return loaded;
        }
        try (loaded) {
          return DjlLearner.withNewHead(loaded, classes, request.seed());
        }
      }
      DjlEnvironment.engine().setRandomSeed((int) request.seed());
      NetworkArchitecture architecture =
          entry.image()
              ? NetworkArchitecture.cnn(
                  hyperparameters, data.preprocessing().imageShape(), outputs(task, classes))
              : NetworkArchitecture.mlp(
                  hyperparameters, data.table().width(), outputs(task, classes));
      return DjlLearner.create(architecture, task, device);
    }

    private static int outputs(Task task, int classes) {
      return task == Task.CLASSIFICATION ? classes : 1;
    }

    private Evaluation evaluate(Task task, LoadedDataset data, float[] outputs, float[] truth) {
      if (task == Task.CLASSIFICATION) {
        return Evaluation.classification(outputs, truth, data.preprocessing().labels());
      }
      double scale = data.preprocessing().targetScale();
      double center = data.preprocessing().targetCenter();
      float[] values = new float[outputs.length];
      float[] actual = new float[truth.length];
      for (int i = 0; i < outputs.length; i++) {
        values[i] = (float) (outputs[i] * scale + center);
        actual[i] = (float) (truth[i] * scale + center);
      }
      return Evaluation.regression(values, actual);
    }

    private ModelCard card(
        LoadedDataset data,
        Evaluation evaluation,
        String device,
        int epochs,
        int bestEpoch,
        boolean stoppedEarly,
        boolean resumed,
        double seconds,
        int frozen,
        boolean newHead) {
      ModelCard.DataFingerprint current =
          new ModelCard.DataFingerprint(
              request.data().getFileName().toString(),
              data.profile().sha256(),
              data.profile().bytes(),
              data.profile().rows(),
              parent == null ? "training" : "fine-tuning");
      List<ModelCard.DataFingerprint> fingerprints =
          ModelCard.lineage(current, parent == null ? null : parent.card());
      ModelCard.Parent parentRef =
          parent == null
              ? null
              : new ModelCard.Parent(
                  parent.card().artifactId(),
                  parent.directory().toString(),
                  parent.card().catalogEntry());
      DataSplit split = data.split();
      return new ModelCard(
          UUID.randomUUID().toString(),
          entry.id(),
          entry.version(),
          entry.family(),
          data.preprocessing().task(),
          Instant.now().toString(),
          request.seed(),
          hyperparameters.asJson(),
          device,
          data.preprocessing().featureNames(),
          data.preprocessing().labels(),
          evaluation,
          new ModelCard.Training(
              epochs,
              bestEpoch,
              stoppedEarly,
              resumed,
              split.train().length,
              split.validation().length,
              split.test().length,
              seconds,
              frozen,
              newHead),
          fingerprints,
          parentRef);
    }
  }
}
