package dev.millrace.runtime.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ArtifactLayout;
import dev.millrace.runtime.artifact.ModelCard;
import dev.millrace.runtime.catalog.ModelFamily;
import dev.millrace.runtime.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the model of a saved artifact for prediction. */
public final class Learners {

  private Learners() {}

  /**
   * The bare DJL {@link Model} of an MLP or CNN artifact (weights loaded, no preprocessing), for
   * callers that drive DJL directly, such as the benchmarks' baseline.
   */
  public static Model djlModel(Path artifact) {
    Path dir = artifact.resolve(ArtifactLayout.MODEL);
    NetworkArchitecture architecture = DjlLearner.readArchitecture(dir);
    Model model = Model.newInstance("millrace", Device.cpu(), "PyTorch");
    model.setBlock(architecture.build());
    try {
      model.load(dir, "model");
    } catch (IOException | MalformedModelException e) {
      model.close();
      throw new ModelRuntimeException("cannot load " + dir, e);
    }
    return model;
  }

  public static Learner load(
      Path artifact, ModelCard card, Preprocessing preprocessing, String device) {
    Path model = artifact.resolve(ArtifactLayout.MODEL);
    if (card.family() == ModelFamily.BOOSTED_TREES) {
      return BoostedTreesLearner.load(
          model,
          preprocessing.task(),
          preprocessing.labels().size(),
          preprocessing.width(),
          null,
          card.seed());
    }
    return DjlLearner.load(model, preprocessing.task(), DjlEnvironment.device(device));
  }
}
