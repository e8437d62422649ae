package dev.millrace.runtime.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.data.ColumnType;
import dev.millrace.runtime.data.Feature;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.Task;
import java.util.Locale;

/** The OIP v2 server and model metadata documents. */
final class ModelMetadata {

  static final String SERVER =
      "{\"name\":\"millrace-model-runtime\",\"version\":\"1\",\"extensions\":[\"millrace-batching\"]}";

  private final String json;

  ModelMetadata(String name, ModelArtifact artifact) {
    Preprocessing p = artifact.preprocessing();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("name", name);
    root.putArray("versions").add("1");
    root.put("platform", "millrace-" + artifact.card().family().name().toLowerCase(Locale.ROOT));
    ArrayNode inputs = root.putArray("inputs");
    for (Feature feature : p.features()) {
      ObjectNode input = inputs.addObject();
      input.put("name", feature.name());
      input.put(
          "datatype",
          switch (feature.type()) {
            case NUMERIC -> "FP32";
            case BOOLEAN -> "BOOL";
            case CATEGORICAL -> "BYTES";
          });
      input.putArray("shape").add(-1);
      if (feature.type() == ColumnType.CATEGORICAL) {
        ArrayNode categories = input.putObject("parameters").putArray("categories");
        feature.categories().forEach(categories::add);
      }
    }
    ArrayNode outputs = root.putArray("outputs");
    if (p.task() == Task.CLASSIFICATION) {
      ObjectNode label = outputs.addObject();
      label.put("name", InferenceOutput.LABEL);
      label.put("datatype", "BYTES");
      label.putArray("shape").add(-1);
      ObjectNode probabilities = outputs.addObject();
      probabilities.put("name", InferenceOutput.PROBABILITIES);
      probabilities.put("datatype", "FP32");
      probabilities.putArray("shape").add(-1).add(p.labels().size());
      ArrayNode labels = probabilities.putObject("parameters").putArray("labels");
      p.labels().forEach(labels::add);
    } else {
      ObjectNode value = outputs.addObject();
      value.put("name", InferenceOutput.PREDICTION);
      value.put("datatype", "FP64");
      value.putArray("shape").add(-1);
    }
    root.putObject("parameters")
        .put("artifactId", artifact.card().artifactId())
        .put("catalogEntry", artifact.card().catalogEntry());
    this.json = root.toString();
  }

  String json() {
    return json;
  }
}
