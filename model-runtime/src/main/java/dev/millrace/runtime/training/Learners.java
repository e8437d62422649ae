package dev.millrace.runtime.training;

import dev.millrace.runtime.artifact.ArtifactLayout;
import dev.millrace.runtime.artifact.ModelCard;
import dev.millrace.runtime.catalog.ModelFamily;
import dev.millrace.runtime.data.Preprocessing;
import java.nio.file.Path;

/** Opens the model of a saved artifact for prediction. */
public final class Learners {

  private Learners() {}

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
