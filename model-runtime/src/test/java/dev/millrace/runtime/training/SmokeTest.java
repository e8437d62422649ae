package dev.millrace.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.artifact.ModelArtifact;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void trainsIris() {
    Path data = Path.of("src/main/resources/datasets/iris.csv");
    ModelArtifact a =
        ModelTrainer.train(
            TrainingRequest.of("tabular-classifier", data, "species", dir.resolve("mlp")),
            e -> System.out.println(e),
            null);
    System.out.println(a.card().evaluation().metrics());
    ModelArtifact b =
        ModelTrainer.train(
            TrainingRequest.of("gradient-boosted-trees", data, "species", dir.resolve("gbt")),
            e -> {},
            null);
    System.out.println(b.card().evaluation().metrics());
    try (var p = a.newPredictor("cpu")) {
      System.out.println(
          p.predict(
              java.util.List.of(
                  Map.of(
                      "sepal_length",
                      5.1,
                      "sepal_width",
                      3.5,
                      "petal_length",
                      1.4,
                      "petal_width",
                      0.2))));
    }
    assertThat(a.card().evaluation().headline()).isGreaterThan(0.8);
  }
}
