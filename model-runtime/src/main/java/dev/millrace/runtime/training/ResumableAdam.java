package dev.millrace.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with the same fused update as DJL's {@code Adam}, but whose moments and step counts can be
 * saved in a checkpoint and restored, so that a resumed run continues the same optimisation instead
 * of restarting Adam's statistics. State is keyed by parameter name (DJL's parameter ids are random
 * per process).
 */
final class ResumableAdam extends Optimizer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final float learningRate;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private final Map<String, Integer> steps = new HashMap<>();

  ResumableAdam(float learningRate, float weightDecay) {
    super(new Builder().optWeightDecays(weightDecay));
    this.learningRate = learningRate;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = steps.merge(parameterId, 1, Integer::sum);
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
    NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
    NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, grad, mean, variance),
            new NDList(weight),
            learningRate,
            corrected,
            getWeightDecay(),
            rescaleGrad,
            clipGrad,
            BETA1,
            BETA2,
            EPSILON,
            true,
            false);
  }

  /**
   * Moments and step counts in parameter order: [mean, variance, step] per trained parameter. The
   * moments are the optimiser's own arrays: encode the list before the next update, and close only
   * the step counts (the {@code manager}'s).
   */
  NDList exportState(PairList<String, Parameter> parameters, NDManager manager) {
    NDList state = new NDList();
    for (Pair<String, Parameter> parameter : parameters) {
      String id = parameter.getValue().getId();
      if (!means.containsKey(id)) {
        continue;
      }
      // Named in place rather than copied: the names only label the encoded state, and a copy per
      // moment per checkpoint is a native allocation each epoch.
      NDArray mean = means.get(id);
      mean.setName(parameter.getKey() + ".mean");
      NDArray variance = variances.get(id);
      variance.setName(parameter.getKey() + ".variance");
      NDArray step = manager.create(new int[] {steps.get(id)});
      step.setName(parameter.getKey() + ".step");
      state.addAll(List.of(mean, variance, step));
    }
    return state;
  }

  void importState(PairList<String, Parameter> parameters, NDList state) {
    Map<String, NDArray> byName = new HashMap<>();
    for (NDArray array : state) {
      byName.put(array.getName(), array);
    }
    for (Pair<String, Parameter> parameter : parameters) {
      NDArray mean = byName.get(parameter.getKey() + ".mean");
      if (mean == null) {
        continue;
      }
      NDArray weight = parameter.getValue().getArray();
      String id = parameter.getValue().getId();
      means.put(id, weight.getManager().create(mean.toFloatArray(), mean.getShape()));
      variances.put(
          id,
          weight
              .getManager()
              .create(
                  byName.get(parameter.getKey() + ".variance").toFloatArray(), mean.getShape()));
      steps.put(id, byName.get(parameter.getKey() + ".step").toIntArray()[0]);
    }
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
