package dev.millrace.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.TestData;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelCard;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuningTest {

  @TempDir static Path dir;
  static ModelArtifact parent;
  static Path newData;

  @BeforeAll
  static void trainParent() throws IOException {
    parent =
        ModelTrainer.train(
            TrainingRequest.of(
                    "tabular-classifier",
                    TestData.sample("iris.csv"),
                    "species",
                    dir.resolve("parent"))
                .withEpochs(30),
            TrainingListener.NONE,
            null);
    // "New data": the same flowers measured again, a little larger.
    List<String> lines = Files.readAllLines(TestData.sample("iris.csv"));
    List<String> shifted = new ArrayList<>(List.of(lines.get(0)));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      shifted.add(
          String.format(
              Locale.ROOT,
              "%.2f,%.2f,%.2f,%.2f,%s",
              Double.parseDouble(f[0]) * 1.05,
              Double.parseDouble(f[1]) * 1.05,
              Double.parseDouble(f[2]) * 1.05,
              Double.parseDouble(f[3]) * 1.05,
              f[4]));
    }
    newData = dir.resolve("iris-new.csv");
    Files.write(newData, shifted);
  }

  @Test
  void fineTuneContinuesFromTheParentWithFrozenLayersAndRecordsLineage() throws IOException {
    ModelArtifact child =
        ModelTrainer.train(
            TrainingRequest.fineTune(
                    parent.directory(),
                    newData,
                    dir.resolve("child"),
                    new TrainingRequest.FineTuning(null, 0.1, 1, false))
                .withEpochs(5),
            TrainingListener.NONE,
            null);
    ModelCard card = child.card();
    assertThat(card.parent().artifactId()).isEqualTo(parent.card().artifactId());
    assertThat(card.data())
        .extracting(ModelCard.DataFingerprint::role)
        .containsExactly("fine-tuning", "parent training");
    assertThat(card.data().get(0).sha256()).isNotEqualTo(card.data().get(1).sha256());
    assertThat(card.training().frozenLayers()).isEqualTo(1);
    assertThat(card.evaluation().metrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
    // The frozen first layer kept the parent's weights; the output layer moved.
    try (ModelPredictor before = parent.newPredictor("cpu");
        ModelPredictor after = child.newPredictor("cpu")) {
      var p = DjlLearner.parameters(learner(before));
      var c = DjlLearner.parameters(learner(after));
      assertThat(c.get(0).getValue().getArray().toFloatArray())
          .containsExactly(p.get(0).getValue().getArray().toFloatArray());
      assertThat(c.get(c.size() - 2).getValue().getArray().toFloatArray())
          .isNotEqualTo(p.get(p.size() - 2).getValue().getArray().toFloatArray());
    }
  }

  private static DjlLearner learner(ModelPredictor predictor) {
    try {
      var field = ModelPredictor.class.getDeclaredField("learner");
      field.setAccessible(true);
      return (DjlLearner) field.get(predictor);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNewLabelNeedsANewHead() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(newData));
    for (int i = 0; i < 40; i++) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f,%.1f,%.1f,giant",
              9 + i % 5 * 0.1,
              5 + i % 3 * 0.1,
              9 + i % 4 * 0.1,
              4 + i % 2 * 0.1));
    }
    Path withGiants = dir.resolve("iris-giants.csv");
    Files.write(withGiants, lines);
    assertThatThrownBy(
            () ->
                ModelTrainer.train(
                    TrainingRequest.fineTune(
                        parent.directory(),
                        withGiants,
                        dir.resolve("refused"),
                        TrainingRequest.FineTuning.defaults()),
                    TrainingListener.NONE,
                    null))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("line 152")
        .hasMessageContaining("'giant' is not one of the model's labels");

    ModelArtifact child =
        ModelTrainer.train(
            TrainingRequest.fineTune(
                    parent.directory(),
                    withGiants,
                    dir.resolve("giants"),
                    new TrainingRequest.FineTuning(null, 1.0, 0, true))
                .withEpochs(40),
            TrainingListener.NONE,
            null);
    assertThat(child.card().labels()).containsExactly("setosa", "versicolor", "virginica", "giant");
    assertThat(child.card().training().newHead()).isTrue();
    try (ModelPredictor predictor = child.newPredictor("cpu")) {
      var answers =
          predictor.predict(
              List.of(
                  Map.of(
                      "sepal_length",
                      9.2,
                      "sepal_width",
                      5.1,
                      "petal_length",
                      9.1,
                      "petal_width",
                      4.0),
                  Map.of(
                      "sepal_length",
                      5.1,
                      "sepal_width",
                      3.5,
                      "petal_length",
                      1.4,
                      "petal_width",
                      0.2)));
      assertThat(answers.get(0).label()).isEqualTo("giant");
      assertThat(answers.get(1).label()).isEqualTo("setosa");
    }
  }

  @Test
  void boostedTreesContinueBoosting() {
    Path data = TestData.sample("breast_cancer.csv");
    ModelArtifact trees =
        ModelTrainer.train(
            TrainingRequest.of("gradient-boosted-trees", data, "diagnosis", dir.resolve("trees"))
                .withEpochs(20)
                .withHyperparameters(Map.of("earlyStoppingPatience", 0)),
            TrainingListener.NONE,
            null);
    ModelArtifact more =
        ModelTrainer.train(
            TrainingRequest.fineTune(
                    trees.directory(),
                    data,
                    dir.resolve("more-trees"),
                    TrainingRequest.FineTuning.defaults())
                .withEpochs(10),
            TrainingListener.NONE,
            null);
    assertThat(more.card().training().epochsRun()).isEqualTo(10);
    assertThat(more.card().parent().artifactId()).isEqualTo(trees.card().artifactId());
    assertThat(more.directory().resolve("model/model.ubj").toFile().length())
        .isGreaterThan(trees.directory().resolve("model/model.ubj").toFile().length());
    assertThatThrownBy(
            () ->
                ModelTrainer.train(
                    TrainingRequest.fineTune(
                        trees.directory(),
                        data,
                        dir.resolve("frozen-trees"),
                        new TrainingRequest.FineTuning(null, 0.1, 1, false)),
                    TrainingListener.NONE,
                    null))
        .isInstanceOf(ModelRuntimeException.class)
        .hasMessageContaining("no layers to freeze");
  }
}
