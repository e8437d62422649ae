package dev.millrace.runtime.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.data.EncodedTable;
import dev.millrace.runtime.data.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/** MLP and CNN families on DJL's PyTorch engine. */
final class DjlLearner implements Learner {

  static final String ARCHITECTURE = "architecture.json";
  private static final String WEIGHTS = "model";

  private final NetworkArchitecture architecture;
  private final Task task;
  private final Device device;
  private final Model model;
  private final SequentialBlock block;
  // Written into every checkpoint: serialised once instead of per epoch.
  private final String architectureJson;
  private Trainer trainer;
  private ResumableAdam optimizer;
  private byte[] pendingOptimizerState;
  private int batchSize;
  // The last snapshot's size, so that the next one is written without growing its buffer.
  private int snapshotSize = 1 << 12;

  private DjlLearner(NetworkArchitecture architecture, Task task, Device device) {
    DjlEnvironment.engine();
    this.architecture = architecture;
    this.task = task;
    this.device = device;
    this.model = Model.newInstance("millrace", device, "PyTorch");
    this.block = architecture.build();
    model.setBlock(block);
    try {
      this.architectureJson = Json.MAPPER.writeValueAsString(architecture);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new network with fresh weights (initialised by {@link #startTraining}). */
  static DjlLearner create(NetworkArchitecture architecture, Task task, Device device) {
    return new DjlLearner(architecture, task, device);
  }

  /** A saved network: an artifact's {@code model/} directory or a checkpoint directory. */
  static DjlLearner load(Path dir, Task task, Device device) {
    NetworkArchitecture architecture = readArchitecture(dir);
    DjlLearner learner = new DjlLearner(architecture, task, device);
    learner.loadWeights(dir);
    return learner;
  }

  static NetworkArchitecture readArchitecture(Path dir) {
    try {
      return Json.MAPPER.readValue(dir.resolve(ARCHITECTURE).toFile(), NetworkArchitecture.class);
    } catch (IOException e) {
      throw new ModelRuntimeException("cannot read " + dir.resolve(ARCHITECTURE), e);
    }
  }

  /**
   * A copy of {@code parent} with a new output layer of {@code outputs} units: every other layer
   * keeps its weights, and the rows of the old output layer keep theirs for the old labels.
   */
  static DjlLearner withNewHead(DjlLearner parent, int outputs, long seed) {
    DjlLearner child =
        new DjlLearner(parent.architecture.withOutputs(outputs), parent.task, parent.device);
    DjlEnvironment.engine().setRandomSeed((int) seed);
    child.block.initialize(
        child.model.getNDManager(),
        DataType.FLOAT32,
        new Shape(1, parent.architecture.inputWidth()));
    var from = parent.block.getParameters();
    var to = child.block.getParameters();
    for (int i = 0; i < to.size(); i++) {
      NDArray source = from.get(i).getValue().getArray();
      NDArray target = to.get(i).getValue().getArray();
      if (source.getShape().equals(target.getShape())) {
        target.set(FloatBuffer.wrap(source.toFloatArray()));
      } else {
        // The output layer: copy the old labels' rows, keep the new rows' initial weights.
        float[] merged = target.toFloatArray();
        float[] old = source.toFloatArray();
        System.arraycopy(old, 0, merged, 0, old.length);
        target.set(FloatBuffer.wrap(merged));
      }
    }
    return child;
  }

  /**
   * Prepares training: Adam at {@code learningRate}, the first {@code frozenLayers} weighted layers
   * frozen, and the optimiser state of a checkpoint when resuming.
   */
  void startTraining(float learningRate, float weightDecay, int batchSize, int frozenLayers) {
    this.batchSize = batchSize;
    this.optimizer = new ResumableAdam(learningRate, weightDecay);
    Loss loss =
        task == Task.CLASSIFICATION ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss("l2", 1f);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(new Device[] {device});
    trainer = model.newTrainer(config);
    // PtModel.newTrainer() unfreezes every parameter: freeze after it, before initialising.
    List<Block> layers = NetworkArchitecture.weightedLayers(block);
    if (frozenLayers >= layers.size()) {
      throw new ModelRuntimeException(
          "cannot freeze "
              + frozenLayers
              + " layers: the network has "
              + layers.size()
              + " and the output layer must train");
    }
    for (int i = 0; i < frozenLayers; i++) {
      layers.get(i).freezeParameters(true);
    }
    trainer.initialize(new Shape(1, architecture.inputWidth()));
    if (pendingOptimizerState != null) {
      try (NDManager scratch = NDManager.newBaseManager(device)) {
        optimizer.importState(block.getParameters(), NDList.decode(scratch, pendingOptimizerState));
      }
      pendingOptimizerState = null;
    }
  }

  void finishTraining() {
    if (trainer != null) {
      trainer.close();
      trainer = null;
    }
  }

  @Override
  public double trainEpoch(EncodedTable table, int[] order, int epoch, BooleanSupplier cancelled) {
    int width = table.width();
    float[] features = new float[batchSize * width];
    float[] labels = new float[batchSize];
    // Summed on the device and read once per epoch: one device-to-host copy (and buffer
    // allocation) per epoch instead of one per batch.
    NDArray lossSum = trainer.getManager().zeros(new Shape());
    long batches = 0;
    for (int start = 0; start < order.length; start += batchSize) {
      if (cancelled.getAsBoolean()) {
        lossSum.close();
        return Double.NaN;
      }
      int rows = Math.min(batchSize, order.length - start);
      for (int i = 0; i < rows; i++) {
        table.copyRow(order[start + i], features, i * width);
        labels[i] = table.target(order[start + i]);
      }
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray x =
            batch.create(FloatBuffer.wrap(features, 0, rows * width), new Shape(rows, width));
        NDArray y =
            batch.create(
                FloatBuffer.wrap(labels, 0, rows),
                task == Task.CLASSIFICATION ? new Shape(rows) : new Shape(rows, 1));
        NDArray loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList predictions = trainer.forward(new NDList(x));
          loss = trainer.getLoss().evaluate(new NDList(y), predictions);
          collector.backward(loss);
        }
        // No detach needed: outside a collector DJL's PyTorch engine runs with grad mode off, so
        // this in-place sum records no graph (one native call per batch instead of two).
        lossSum.addi(loss);
        batches++;
        trainer.step();
      }
    }
    double mean = batches == 0 ? 0 : lossSum.getFloat() / batches;
    lossSum.close();
    return mean;
  }

  @Override
  public float[] predict(float[] features, int rows) {
    try (NDManager batch = model.getNDManager().newSubManager(device)) {
      NDArray x =
          batch.create(
              FloatBuffer.wrap(features, 0, rows * architecture.inputWidth()),
              new Shape(rows, architecture.inputWidth()));
      NDList out = block.forward(new ParameterStore(batch, false), new NDList(x), false);
      NDArray result = out.singletonOrThrow();
      if (task == Task.CLASSIFICATION) {
        result = result.softmax(1);
      }
      return result.toFloatArray();
    }
  }

  @Override
  public int outputs() {
    return architecture.outputs();
  }

  /** Architecture, weights and optimiser state, serialised in memory (no file per part). */
  @Override
  public byte[] snapshot() {
    try (NDManager scratch = NDManager.newBaseManager(device)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshotSize);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(architectureJson);
      ByteArrayOutputStream weights = new ByteArrayOutputStream();
      block.saveParameters(new DataOutputStream(weights));
      out.writeInt(weights.size());
      weights.writeTo(out);
      byte[] state =
          optimizer == null
              ? new byte[0]
              : optimizer.exportState(block.getParameters(), scratch).encode();
      out.writeInt(state.length);
      out.write(state);
      out.flush();
      snapshotSize = bytes.size();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A learner continuing from a checkpoint's snapshot, optimiser state included. */
  static DjlLearner fromSnapshot(byte[] snapshot, Task task, Device device) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
      NetworkArchitecture architecture =
          Json.MAPPER.readValue(in.readUTF(), NetworkArchitecture.class);
      DjlLearner learner = new DjlLearner(architecture, task, device);
      learner.restoreWeights(snapshot);
      in.skipNBytes(in.readInt());
      byte[] state = in.readNBytes(in.readInt());
      learner.pendingOptimizerState = state.length == 0 ? null : state;
      return learner;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void restoreWeights(byte[] snapshot) {
    if (trainer != null) {
      throw new IllegalStateException("restore weights after training, not during it");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
      in.readUTF();
      byte[] weights = in.readNBytes(in.readInt());
      block.loadParameters(
          model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
    } catch (IOException | MalformedModelException e) {
      throw new ModelRuntimeException("unreadable checkpoint snapshot", e);
    }
  }

  private void loadWeights(Path dir) {
    try {
      model.load(dir, WEIGHTS);
    } catch (IOException | MalformedModelException e) {
      throw new ModelRuntimeException("cannot load model weights from " + dir, e);
    }
  }

  @Override
  public void saveModel(Path dir) {
    try {
      Files.createDirectories(dir);
      Json.MAPPER.writeValue(dir.resolve(ARCHITECTURE).toFile(), architecture);
      model.save(dir, WEIGHTS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + dir, e);
    }
  }

  /** Parameters by name, input side first (tests compare frozen layers). */
  static List<Pair<String, Parameter>> parameters(DjlLearner learner) {
    return learner.block.getParameters().stream().toList();
  }

  @Override
  public void close() {
    finishTraining();
    model.close();
  }
}
