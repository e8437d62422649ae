package dev.millrace.runtime.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.data.ColumnType;
import dev.millrace.runtime.data.Feature;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.RowEncoder;
import dev.millrace.runtime.data.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns an Open Inference Protocol v2 request body into encoded model rows. Inputs are named after
 * the feature columns, each a tensor of shape {@code [n]} or {@code [n, 1]} whose data may be flat
 * or nested row-major; one input named {@code features} of shape {@code [n, columns]} may carry all
 * columns in the model's order instead. JSON null is a missing value.
 */
final class InferenceInput {

  static final String ALL_FEATURES = "features";
  private static final Set<String> NUMERIC_TYPES =
      Set.of(
          "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
          "FP32", "FP64");

  /** The OIP v2 tensor datatypes a request may name: the numeric ones and BYTES. */
  static boolean isKnownDatatype(String datatype) {
    return datatype.equals("BYTES") || NUMERIC_TYPES.contains(datatype);
  }

  final String id;
  final int rows;
  final float[] encoded;
  final List<String> requestedOutputs;

  InferenceInput(String id, int rows, float[] encoded, List<String> requestedOutputs) {
    this.id = id;
    this.rows = rows;
    this.encoded = encoded;
    this.requestedOutputs = requestedOutputs;
  }

  /**
   * Parses and encodes a request body. The encoder is the caller's (encoders are not thread-safe,
   * and building one per request costs a map per feature); the feature names are computed once.
   */
  static InferenceInput parse(
      JsonNode body,
      Preprocessing preprocessing,
      RowEncoder encoder,
      List<String> featureNames,
      String modelName) {
    if (body == null || !body.isObject()) {
      throw new BadRequestException("request body must be a JSON object");
    }
    JsonNode id = body.get("id");
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw new BadRequestException("inputs: required, a non-empty array of tensors");
    }
    List<String> outputs = new ArrayList<>();
    JsonNode requested = body.get("outputs");
    if (requested != null) {
      if (!requested.isArray()) {
        throw new BadRequestException("outputs: must be an array");
      }
      for (int i = 0; i < requested.size(); i++) {
        String name = requested.get(i).path("name").asText(null);
        if (name == null) {
          throw new BadRequestException("outputs[" + i + "].name: required");
        }
        List<String> known =
            preprocessing.task() == Task.CLASSIFICATION
                ? List.of(InferenceOutput.LABEL, InferenceOutput.PROBABILITIES)
                : List.of(InferenceOutput.PREDICTION);
        if (!known.contains(name)) {
          throw new BadRequestException(
              "outputs[" + i + "].name: '" + name + "' is not an output; outputs are " + known);
        }
        outputs.add(name);
      }
    }
    List<Feature> features = preprocessing.features();
    int width = preprocessing.width();
    if (inputs.size() == 1
        && ALL_FEATURES.equals(inputs.get(0).path("name").asText())
        && features.stream().noneMatch(f -> f.name().equals(ALL_FEATURES))) {
      JsonNode tensor = inputs.get(0);
      List<JsonNode> values = flatten(tensor, "inputs[0]");
      int rows = rowsOf(tensor, "inputs[0]", features.size(), values.size());
      float[] encoded = new float[rows * width];
      for (int r = 0; r < rows; r++) {
        for (int f = 0; f < features.size(); f++) {
          encode(
              encoder,
              features.get(f),
              f,
              values.get(r * features.size() + f),
              encoded,
              r * width,
              "inputs[0].data[" + (r * features.size() + f) + "]");
        }
        RowEncoder.finish(encoded, r * width, (r + 1) * width);
      }
      return new InferenceInput(text(id), rows, encoded, outputs);
    }
    JsonNode[] byFeature = new JsonNode[features.size()];
    int[] indexOf = new int[features.size()];
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode tensor = inputs.get(i);
      String name = tensor.path("name").asText(null);
      if (name == null) {
        throw new BadRequestException("inputs[" + i + "].name: required");
      }
      int feature = featureNames.indexOf(name);
      if (feature < 0) {
        throw new BadRequestException(
            "inputs["
                + i
                + "].name: '"
                + name
                + "' is not an input of model '"
                + modelName
                + "'; its inputs are "
                + featureNames);
      }
      if (byFeature[feature] != null) {
        throw new BadRequestException("inputs[" + i + "].name: '" + name + "' given twice");
      }
      byFeature[feature] = tensor;
      indexOf[feature] = i;
    }
    int rows = -1;
    List<List<JsonNode>> columns = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      if (byFeature[f] == null) {
        throw new BadRequestException("inputs: missing input '" + features.get(f).name() + "'");
      }
      String where = "inputs[" + indexOf[f] + "]";
      List<JsonNode> values = flatten(byFeature[f], where);
      int n = rowsOf(byFeature[f], where, 1, values.size());
      if (rows >= 0 && n != rows) {
        throw new BadRequestException(
            where + ".shape: " + n + " rows but the other inputs have " + rows);
      }
      rows = n;
      columns.add(values);
    }
    float[] encoded = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < features.size(); f++) {
        encode(
            encoder,
            features.get(f),
            f,
            columns.get(f).get(r),
            encoded,
            r * width,
            "inputs[" + indexOf[f] + "].data[" + r + "]");
      }
      RowEncoder.finish(encoded, r * width, (r + 1) * width);
    }
    return new InferenceInput(text(id), rows, encoded, outputs);
  }

  private static void encode(
      RowEncoder encoder,
      Feature feature,
      int index,
      JsonNode value,
      float[] out,
      int rowOffset,
      String where) {
    try {
      encodeValue(encoder, feature, index, value, out, rowOffset, where);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  private static void encodeValue(
      RowEncoder encoder,
      Feature feature,
      int index,
      JsonNode value,
      float[] out,
      int rowOffset,
      String where) {
    if (value.isNumber() && feature.type() != ColumnType.CATEGORICAL) {
      encoder.encodeNumber(index, value.asDouble(), out, rowOffset);
    } else if (value.isBoolean()) {
      encoder.encodeText(index, value.asBoolean() ? "true" : "false", out, rowOffset, where);
    } else if (value.isNull()) {
      encoder.encodeText(index, null, out, rowOffset, where);
    } else if (value.isTextual() || value.isNumber()) {
      encoder.encodeText(index, value.asText(), out, rowOffset, where);
    } else {
      throw new BadRequestException(where + ": expected a number, string, boolean or null");
    }
  }

  private static List<JsonNode> flatten(JsonNode tensor, String where) {
    String datatype = tensor.path("datatype").asText(null);
    if (datatype == null) {
      throw new BadRequestException(where + ".datatype: required");
    }
    if (!isKnownDatatype(datatype)) {
      throw new BadRequestException(where + ".datatype: '" + datatype + "' is not an OIP v2 type");
    }
    JsonNode data = tensor.get("data");
    if (data == null || !data.isArray()) {
      throw new BadRequestException(where + ".data: required, an array");
    }
    List<JsonNode> values = new ArrayList<>(data.size());
    collect(data, values, where);
    return values;
  }

  private static void collect(JsonNode node, List<JsonNode> into, String where) {
    for (JsonNode element : node) {
      if (element.isArray()) {
        collect(element, into, where);
      } else if (element.isObject()) {
        throw new BadRequestException(where + ".data: objects are not tensor elements");
      } else {
        into.add(element);
      }
    }
  }

  /** Checks the shape against the data; returns the number of rows. */
  private static int rowsOf(JsonNode tensor, String where, int columns, int values) {
    JsonNode shape = tensor.get("shape");
    if (shape == null || !shape.isArray() || shape.isEmpty()) {
      throw new BadRequestException(
          where + ".shape: required, e.g. [rows] or [rows, " + columns + "]");
    }
    long product = 1;
    for (JsonNode dimension : shape) {
      if (!dimension.isIntegralNumber() || dimension.asLong() < 0) {
        throw new BadRequestException(where + ".shape: dimensions must be non-negative integers");
      }
      product *= dimension.asLong();
    }
    if (product != values) {
      throw new BadRequestException(
          where + ".data: shape " + shape + " needs " + product + " values, found " + values);
    }
    int rows = shape.get(0).asInt();
    if ((long) rows * columns != values) {
      throw new BadRequestException(
          where
              + ".shape: "
              + shape
              + " is not [rows"
              + (columns == 1 ? "" : ", " + columns)
              + "]");
    }
    return rows;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
