package dev.millrace.runtime.serving;

import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.Task;
import java.util.List;

/** Renders an OIP v2 infer response (hand-written JSON: this is the hot path). */
final class InferenceOutput {

  static final String LABEL = "label";
  static final String PROBABILITIES = "probabilities";
  static final String PREDICTION = "prediction";

  private InferenceOutput() {}

  /** The response for {@code input}, whose outputs start at {@code outputs[offset]}. */
  static CharSequence render(
      String model, InferenceInput input, float[] outputs, int offset, ModelPredictor predictor) {
    Preprocessing p = predictor.preprocessing();
    StringBuilder json = new StringBuilder(160 + input.rows * predictor.outputsPerRow() * 14);
    json.append("{\"model_name\":");
    quote(json, model);
    json.append(",\"model_version\":\"1\"");
    if (input.id != null) {
      json.append(",\"id\":");
      quote(json, input.id);
    }
    json.append(",\"outputs\":[");
    int n = input.rows;
    boolean first = true;
    if (p.task() == Task.CLASSIFICATION) {
      int k = p.labels().size();
      List<String> labels = p.labels();
      if (wanted(input, LABEL)) {
        json.append("{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[")
            .append(n)
            .append("],\"data\":[");
        for (int r = 0; r < n; r++) {
          int best = 0;
          for (int c = 1; c < k; c++) {
            if (outputs[offset + r * k + c] > outputs[offset + r * k + best]) {
              best = c;
            }
          }
          if (r > 0) {
            json.append(',');
          }
          quote(json, labels.get(best));
        }
        json.append("]}");
        first = false;
      }
      if (wanted(input, PROBABILITIES)) {
        if (!first) {
          json.append(',');
        }
        json.append("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[")
            .append(n)
            .append(',')
            .append(k)
            .append("],\"data\":[");
        for (int i = 0; i < n * k; i++) {
          if (i > 0) {
            json.append(',');
          }
          json.append(outputs[offset + i]);
        }
        json.append("]}");
      }
    } else if (wanted(input, PREDICTION)) {
      json.append("{\"name\":\"prediction\",\"datatype\":\"FP64\",\"shape\":[")
          .append(n)
          .append("],\"data\":[");
      for (int r = 0; r < n; r++) {
        if (r > 0) {
          json.append(',');
        }
        json.append(predictor.value(outputs[offset + r]));
      }
      json.append("]}");
    }
    return json.append("]}");
  }

  private static boolean wanted(InferenceInput input, String name) {
    return input.requestedOutputs.isEmpty() || input.requestedOutputs.contains(name);
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    json.append('"');
  }
}
