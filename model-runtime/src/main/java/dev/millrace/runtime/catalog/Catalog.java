package dev.millrace.runtime.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.data.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models Millrace offers. Each entry's document is its Markdown file followed by tables
 * generated from its hyper-parameter schema and prices, so the document cannot drift from them.
 */
public final class Catalog {

  private static final Catalog STANDARD = load();

  private final List<CatalogEntry> entries;

  private Catalog(List<CatalogEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Catalog standard() {
    return STANDARD;
  }

  public List<CatalogEntry> entries() {
    return entries;
  }

  public CatalogEntry entry(String id) {
    return entries.stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new ModelRuntimeException(
                    "unknown catalogue entry '"
                        + id
                        + "'; known: "
                        + String.join(", ", entries.stream().map(CatalogEntry::id).toList())));
  }

  private static Catalog load() {
    List<CatalogEntry> entries = new ArrayList<>();
    entries.add(
        entry(
            "tabular-classifier",
            "Tabular classifier (MLP)",
            "Predicts a label for each row of a table.",
            ModelFamily.MLP,
            Task.CLASSIFICATION,
            false,
            new ResourceNeeds(1, 1024, 512, "optional"),
            "0.0010"));
    entries.add(
        entry(
            "tabular-regressor",
            "Tabular regressor (MLP)",
            "Predicts a number for each row of a table.",
            ModelFamily.MLP,
            Task.REGRESSION,
            false,
            new ResourceNeeds(1, 1024, 512, "optional"),
            "0.0010"));
    entries.add(
        entry(
            "gradient-boosted-trees",
            "Gradient-boosted trees (XGBoost)",
            "Boosted decision trees for classification or regression on tables.",
            ModelFamily.BOOSTED_TREES,
            null,
            false,
            new ResourceNeeds(1, 1024, 512, "unsupported"),
            "0.0008"));
    entries.add(
        entry(
            "image-classifier",
            "Small image classifier (CNN)",
            "Classifies small fixed-size grayscale images given as pixel columns.",
            ModelFamily.CNN,
            Task.CLASSIFICATION,
            true,
            new ResourceNeeds(2, 2048, 768, "recommended"),
            "0.0015"));
    return new Catalog(entries);
  }

  private static CatalogEntry entry(
      String id,
      String title,
      String summary,
      ModelFamily family,
      Task task,
      boolean image,
      ResourceNeeds resources,
      String cpuSmallPrice) {
    JsonNode schema;
    String markdown;
    try {
      schema = Json.MAPPER.readTree(resource(id + ".schema.json"));
      markdown = resource(id + ".md");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Price> prices = new ArrayList<>();
    BigDecimal base = new BigDecimal(cpuSmallPrice);
    // CPU prices scale with the cores of the size; a GPU second costs ten CPU seconds of its size.
    for (ComputeSize size : ComputeSize.values()) {
      BigDecimal cpu = base.multiply(BigDecimal.valueOf(size.cpus()));
      prices.add(new Price(ComputeType.CPU, size, cpu));
      if (!resources.gpu().equals("unsupported")) {
        prices.add(new Price(ComputeType.GPU, size, cpu.multiply(BigDecimal.TEN)));
      }
    }
    String document =
        markdown.strip() + "\n\n" + parameterTable(schema) + "\n" + costs(resources, prices);
    return new CatalogEntry(
        id,
        "1",
        title,
        summary,
        family,
        task,
        image,
        document,
        schema,
        resources,
        List.copyOf(prices));
  }

  private static String parameterTable(JsonNode schema) {
    StringBuilder table =
        new StringBuilder("## Hyper-parameters\n\n| name | type | default | bounds | meaning |\n")
            .append("|---|---|---|---|---|\n");
    for (Map.Entry<String, JsonNode> field : schema.path("properties").properties()) {
      JsonNode p = field.getValue();
      String bounds =
          p.has("enum")
              ? p.get("enum").toString()
              : p.has("minimum") || p.path("items").has("minimum")
                  ? "["
                      + (p.has("minimum") ? p.get("minimum") : p.path("items").get("minimum"))
                      + ", "
                      + (p.has("maximum") ? p.get("maximum") : p.path("items").get("maximum"))
                      + "]"
                  : "";
      table
          .append("| `")
          .append(field.getKey())
          .append("` | ")
          .append(p.path("type").asText())
          .append(" | `")
          .append(p.path("default"))
          .append("` | ")
          .append(bounds)
          .append(" | ")
          .append(p.path("description").asText())
          .append(" |\n");
    }
    return table.toString();
  }

  private static String costs(ResourceNeeds resources, List<Price> prices) {
    StringBuilder text =
        new StringBuilder("## Resources and costs\n\n")
            .append("At least ")
            .append(resources.minCpus())
            .append(" CPU, ")
            .append(resources.trainingMemoryMiB())
            .append(" MiB to train, ")
            .append(resources.servingMemoryMiB())
            .append(" MiB per serving replica; GPU: ")
            .append(resources.gpu())
            .append(".\n\n| compute | size | credits per second |\n|---|---|---|\n");
    for (Price price : prices) {
      text.append("| ")
          .append(price.computeType().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(price.computeSize().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(price.creditsPerSecond().toPlainString())
          .append(" |\n");
    }
    return text.toString();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Catalog.class.getResourceAsStream("/catalog/" + name)) {
      if (in == null) {
        throw new IOException("missing catalogue resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
