package dev.millrace.runtime.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.millrace.runtime.catalog.Hyperparameters;
import dev.millrace.runtime.catalog.ModelFamily;
import java.util.List;

/**
 * The shape of a network, stored as {@code model/architecture.json} so that a saved model can be
 * rebuilt before its weights load. Inputs are always flat rows; an image network reshapes them.
 */
public record NetworkArchitecture(
    ModelFamily family,
    int inputWidth,
    int outputs,
    int[] hiddenLayers,
    String activation,
    double dropout,
    int imageHeight,
    int imageWidth,
    int[] filters,
    int denseUnits) {

  static NetworkArchitecture mlp(Hyperparameters p, int inputWidth, int outputs) {
    return new NetworkArchitecture(
        ModelFamily.MLP,
        inputWidth,
        outputs,
        p.getInts("hiddenLayers"),
        p.getString("activation"),
        p.getDouble("dropout"),
        0,
        0,
        new int[0],
        0);
  }

  static NetworkArchitecture cnn(Hyperparameters p, int[] imageShape, int outputs) {
    return new NetworkArchitecture(
        ModelFamily.CNN,
        imageShape[0] * imageShape[1],
        outputs,
        new int[0],
        "relu",
        p.getDouble("dropout"),
        imageShape[0],
        imageShape[1],
        p.getInts("filters"),
        p.getInt("denseUnits"));
  }

  NetworkArchitecture withOutputs(int newOutputs) {
    return new NetworkArchitecture(
        family,
        inputWidth,
        newOutputs,
        hiddenLayers,
        activation,
        dropout,
        imageHeight,
        imageWidth,
        filters,
        denseUnits);
  }

  SequentialBlock build() {
    SequentialBlock block = new SequentialBlock();
    if (family == ModelFamily.CNN) {
      int h = imageHeight;
      int w = imageWidth;
      block.add(
          new LambdaBlock(
              list -> new NDList(list.singletonOrThrow().reshape(-1, 1, imageHeight, imageWidth)),
              "image"));
      for (int channels : filters) {
        block.add(
            Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(channels)
                .build());
        block.add(Activation.reluBlock());
        if (h >= 2 && w >= 2) {
          block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
          h /= 2;
          w /= 2;
        }
      }
      block.add(Blocks.batchFlattenBlock());
      block.add(Linear.builder().setUnits(denseUnits).build());
      block.add(Activation.reluBlock());
      if (dropout > 0) {
        block.add(Dropout.builder().optRate((float) dropout).build());
      }
    } else {
      for (int units : hiddenLayers) {
        block.add(Linear.builder().setUnits(units).build());
        block.add(activation.equals("tanh") ? Activation.tanhBlock() : Activation.reluBlock());
        if (dropout > 0) {
          block.add(Dropout.builder().optRate((float) dropout).build());
        }
      }
    }
    block.add(Linear.builder().setUnits(outputs).build());
    return block;
  }

  /** The blocks that hold weights, input side first (what "freeze the first n layers" counts). */
  static List<Block> weightedLayers(SequentialBlock block) {
    return block.getChildren().values().stream()
        .filter(child -> !child.getParameters().isEmpty())
        .toList();
  }
}
