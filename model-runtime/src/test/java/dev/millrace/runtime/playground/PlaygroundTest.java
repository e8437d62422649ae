package dev.millrace.runtime.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.TestData;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.Prediction;
import dev.millrace.runtime.catalog.Catalog;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.runtime.training.DryRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaygroundTest {

  @TempDir Path dir;

  @BeforeEach
  void isolateHome() {
    System.setProperty("millrace.home", dir.resolve("home").toString());
  }

  @Test
  void everyEntryShipsABaseModelThatPredictsBeforeAnyTraining() {
    boolean built = BaseModels.class.getResource(BaseModels.INDEX) != null;
    if (!built) {
      System.out.println("SKIPPED: base models were not built (-DskipBaseModels)");
    }
    Assumptions.assumeTrue(built, "base models were not built (-DskipBaseModels)");
    for (CatalogEntry entry : Catalog.standard().entries()) {
      ModelArtifact base = BaseModels.load(entry.id());
      assertThat(base.card().catalogEntry()).isEqualTo(entry.id());
      assertThat(base.card().evaluation().headline()).as(entry.id()).isGreaterThan(0.3);
    }
    List<Prediction> iris =
        Playground.predict(
            "tabular-classifier",
            List.of(
                Map.of(
                    "sepal_length",
                    6.7,
                    "sepal_width",
                    3.0,
                    "petal_length",
                    5.2,
                    "petal_width",
                    2.3)));
    assertThat(iris.get(0).label()).isEqualTo("virginica");
    Map<String, Object> digit = new HashMap<>();
    for (int i = 0; i < 64; i++) {
      digit.put("p" + i / 8 + "_" + i % 8, 0);
    }
    assertThat(Playground.predict("image-classifier", List.of(digit)).get(0).probabilities())
        .hasSize(10);
    assertThat(
            Playground.predict(
                    "tabular-regressor",
                    List.of(
                        Map.of(
                            "age", 50, "sex", 1, "bmi", 25.0, "bp", 90, "s1", 180, "s2", 110, "s3",
                            50, "s4", 4, "s5", 4.5, "s6", 90)))
                .get(0)
                .value())
        .isBetween(25.0, 346.0);
  }

  @Test
  void dryRunTimesRealBatchesAndPricesTheRun() {
    DryRun.Report small =
        Playground.estimate(
            "tabular-classifier",
            TestData.sample("wine.csv"),
            "cultivar",
            Map.of("epochs", 50),
            ComputeType.CPU,
            ComputeSize.SMALL);
    assertThat(small.valid()).isTrue();
    assertThat(small.secondsPerStep()).isPositive();
    assertThat(small.stepsPerEpoch()).isEqualTo((long) Math.ceil(small.trainRows() / 32.0));
    assertThat(small.estimatedSeconds()).isPositive();
    assertThat(small.estimatedCredits()).isPositive();
    assertThat(small.assumptions()).contains("50 epochs");
    DryRun.Report trees =
        Playground.estimate(
            "gradient-boosted-trees",
            TestData.sample("breast_cancer.csv"),
            "diagnosis",
            Map.of(),
            ComputeType.CPU,
            ComputeSize.LARGE);
    assertThat(trees.valid()).isTrue();
    assertThat(trees.epochs()).isEqualTo(200);
  }

  @Test
  void dryRunReportsDataThatDoesNotFit() {
    DryRun.Report report =
        Playground.estimate(
            "tabular-regressor",
            TestData.sample("iris.csv"),
            "species",
            Map.of(),
            ComputeType.CPU,
            ComputeSize.SMALL);
    assertThat(report.valid()).isFalse();
    assertThat(report.errors().get(0).columnName()).isEqualTo("species");
    assertThat(report.estimatedCredits()).isZero();
  }
}
