package dev.millrace.runtime.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private final Catalog catalog = Catalog.standard();

  @Test
  void offersTheFourEntriesEachWithDocumentSchemaResourcesAndPrices() {
    assertThat(catalog.entries())
        .extracting(CatalogEntry::id)
        .containsExactly(
            "tabular-classifier",
            "tabular-regressor",
            "gradient-boosted-trees",
            "image-classifier");
    for (CatalogEntry entry : catalog.entries()) {
      assertThat(entry.documentation())
          .startsWith("# ")
          .contains("## Data it expects", "## Hyper-parameters", "## Resources and costs");
      assertThat(entry.hyperparameterSchema().path("properties").size()).isGreaterThan(5);
      entry
          .hyperparameterSchema()
          .path("properties")
          .forEach(p -> assertThat(p.has("default")).as(p.toString()).isTrue());
      for (ComputeSize size : ComputeSize.values()) {
        assertThat(entry.price(ComputeType.CPU, size)).isPositive();
      }
      assertThat(entry.resources().trainingMemoryMiB()).isPositive();
    }
    assertThat(catalog.entry("image-classifier").price(ComputeType.GPU, ComputeSize.SMALL))
        .isEqualByComparingTo(new BigDecimal("0.0150"));
    assertThatThrownBy(
            () -> catalog.entry("gradient-boosted-trees").price(ComputeType.GPU, ComputeSize.SMALL))
        .hasMessageContaining("does not run there");
  }

  @Test
  void documentTablesAreGeneratedFromTheSchema() {
    String doc = catalog.entry("tabular-classifier").documentation();
    assertThat(doc).contains("| `learningRate` | number | `0.01` | [1.0E-5, 1] |");
    assertThat(doc).contains("| cpu | medium | 0.0020 |");
  }

  @Test
  void fillsDefaultsAndParsesCommandLineValues() {
    Hyperparameters p =
        Hyperparameters.resolve(
            catalog.entry("tabular-classifier"),
            Map.of("hiddenLayers", "16,8", "learningRate", "0.05", "activation", "tanh"));
    assertThat(p.getInts("hiddenLayers")).containsExactly(16, 8);
    assertThat(p.getDouble("learningRate")).isEqualTo(0.05);
    assertThat(p.getInt("batchSize")).isEqualTo(32);
    assertThat(p.asJson().has("epochs")).isTrue();
  }

  @Test
  void refusesOutOfBoundsUnknownAndMistypedValuesNamingTheField() {
    CatalogEntry mlp = catalog.entry("tabular-classifier");
    assertThatThrownBy(() -> Hyperparameters.resolve(mlp, Map.of("learningRate", 2)))
        .isInstanceOfSatisfying(
            HyperparameterException.class, e -> assertThat(e.field()).isEqualTo("learningRate"))
        .hasMessageContaining("above the maximum 1");
    assertThatThrownBy(() -> Hyperparameters.resolve(mlp, Map.of("epochs", "0")))
        .hasMessageContaining("'epochs'")
        .hasMessageContaining("below the minimum 1");
    assertThatThrownBy(() -> Hyperparameters.resolve(mlp, Map.of("epochs", "1.5")))
        .hasMessageContaining("'epochs'")
        .hasMessageContaining("not an integer");
    assertThatThrownBy(() -> Hyperparameters.resolve(mlp, Map.of("hiddenLayers", List.of(8, 5000))))
        .isInstanceOfSatisfying(
            HyperparameterException.class, e -> assertThat(e.field()).isEqualTo("hiddenLayers[1]"));
    assertThatThrownBy(() -> Hyperparameters.resolve(mlp, Map.of("activation", "sigmoid")))
        .hasMessageContaining("not one of");
    assertThatThrownBy(() -> Hyperparameters.resolve(mlp, Map.of("momentum", 0.9)))
        .isInstanceOfSatisfying(
            HyperparameterException.class, e -> assertThat(e.field()).isEqualTo("momentum"))
        .hasMessageContaining("unknown");
  }
}
