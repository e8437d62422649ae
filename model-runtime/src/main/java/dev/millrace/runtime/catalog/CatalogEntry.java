package dev.millrace.runtime.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.data.Task;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One model the platform offers: its documentation (Markdown), the JSON Schema of its
 * hyper-parameters (defaults and bounds), resource needs and prices.
 *
 * @param task the fixed task, or null when the hyper-parameter {@code task} chooses it
 */
public record CatalogEntry(
    String id,
    String version,
    String title,
    String summary,
    ModelFamily family,
    Task task,
    boolean image,
    String documentation,
    JsonNode hyperparameterSchema,
    ResourceNeeds resources,
    List<Price> prices) {

  /** Credits per compute-second; throws if the entry cannot run on that compute. */
  public BigDecimal price(ComputeType type, ComputeSize size) {
    return prices.stream()
        .filter(p -> p.computeType() == type && p.computeSize() == size)
        .map(Price::creditsPerSecond)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    id + " has no price for " + type + "/" + size + ": it does not run there"));
  }

  @JsonIgnore
  public Hyperparameters defaults() {
    return Hyperparameters.resolve(this, Map.of());
  }
}
