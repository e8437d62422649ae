package dev.millrace.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.millrace.runtime.TestData;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.artifact.Prediction;
import dev.millrace.runtime.evaluation.Evaluation;
import dev.millrace.runtime.evaluation.ModelEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality bars, on held-out rows of the bundled data, with default settings. */
class QualityBarsTest {

  @TempDir Path dir;

  private ModelArtifact train(String entry, String file, String target) {
    return ModelTrainer.train(
        TrainingRequest.of(entry, TestData.sample(file), target, dir.resolve(entry + "-" + file)),
        TrainingListener.NONE,
        null);
  }

  @Test
  void irisMlpReachesNinetyPercentAndReloadsToTheSameAnswers() {
    ModelArtifact artifact = train("tabular-classifier", "iris.csv", "species");
    Evaluation evaluation = artifact.card().evaluation();
    System.out.println("iris MLP held-out: " + evaluation.metrics());
    assertThat(evaluation.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.90);
    assertThat(evaluation.rows()).isEqualTo(30);
    assertThat(evaluation.confusion()).hasDimensions(3, 3);
    assertThat(Files.exists(artifact.directory().resolve("model-card.md"))).isTrue();
    assertThat(Files.exists(artifact.directory().resolve("checkpoints"))).isFalse();

    ModelArtifact reloaded = ModelArtifact.load(artifact.directory());
    List<Map<String, ?>> rows =
        List.of(
            Map.of(
                "sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2),
            Map.of(
                "sepal_length", 6.7, "sepal_width", 3.0, "petal_length", 5.2, "petal_width", 2.3));
    try (ModelPredictor predictor = reloaded.newPredictor("cpu")) {
      List<Prediction> predictions = predictor.predict(rows);
      assertThat(predictions).extracting(Prediction::label).containsExactly("setosa", "virginica");
      assertThat(predictions.get(0).probabilities().values().stream().mapToDouble(d -> d).sum())
          .isCloseTo(1.0, offset(1e-4));
    }
    Evaluation onAll = ModelEvaluator.evaluate(reloaded, TestData.sample("iris.csv"), "cpu");
    assertThat(onAll.rows()).isEqualTo(150);
    assertThat(onAll.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.90);
  }

  @Test
  void breastCancerBoostedTreesReachNinetyThreePercent() {
    ModelArtifact artifact = train("gradient-boosted-trees", "breast_cancer.csv", "diagnosis");
    Map<String, Double> metrics = artifact.card().evaluation().metrics();
    System.out.println("breast_cancer trees held-out: " + metrics);
    assertThat(metrics.get("accuracy")).isGreaterThanOrEqualTo(0.93);
    assertThat(metrics.get("rocAuc")).isGreaterThan(0.95);
  }

  @Test
  void breastCancerMlpReachesNinetyThreePercent() {
    ModelArtifact artifact = train("tabular-classifier", "breast_cancer.csv", "diagnosis");
    Map<String, Double> metrics = artifact.card().evaluation().metrics();
    System.out.println("breast_cancer MLP held-out: " + metrics);
    assertThat(metrics.get("accuracy")).isGreaterThanOrEqualTo(0.93);
  }

  @Test
  void digitsCnnReachesNinetyPercent() {
    ModelArtifact artifact = train("image-classifier", "digits.csv", "digit");
    Map<String, Double> metrics = artifact.card().evaluation().metrics();
    System.out.println("digits CNN held-out: " + metrics);
    assertThat(metrics.get("accuracy")).isGreaterThanOrEqualTo(0.90);
    assertThat(artifact.preprocessing().imageShape()).containsExactly(8, 8);
    assertThat(artifact.card().labels()).hasSize(10).startsWith("0", "1").endsWith("9");
  }

  @Test
  void diabetesRegressorExplainsThirtyFivePercentOfVariance() {
    ModelArtifact artifact = train("tabular-regressor", "diabetes.csv", "progression");
    Map<String, Double> metrics = artifact.card().evaluation().metrics();
    System.out.println("diabetes MLP held-out: " + metrics);
    assertThat(metrics.get("r2")).isGreaterThanOrEqualTo(0.35);
    assertThat(metrics).containsKeys("rmse", "mae");
  }
}
