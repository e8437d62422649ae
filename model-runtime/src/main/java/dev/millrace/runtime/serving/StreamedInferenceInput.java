package dev.millrace.runtime.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.millrace.runtime.data.ColumnType;
import dev.millrace.runtime.data.Feature;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.RowEncoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The common infer request read token by token straight into the encoded rows, without a JSON tree:
 * one tensor per numeric feature, flat {@code data} of numbers, no {@code outputs} selection. It
 * accepts only requests that {@link InferenceInput#parse} accepts and encodes them the same way;
 * anything else (another layout, an error to report) returns {@code null} and the caller parses the
 * body again with {@link InferenceInput#parse}, which names what is wrong. Not thread-safe: one per
 * event loop.
 */
final class StreamedInferenceInput {

  private final List<Feature> features;
  private final List<String> featureNames;
  private final int width;
  private final RowEncoder encoder;
  private final boolean applicable;
  // Per-feature column values of the request being read; reused between requests.
  private double[][] columns;
  private final int[] counts;

  StreamedInferenceInput(Preprocessing preprocessing, RowEncoder encoder) {
    this.features = preprocessing.features();
    this.featureNames = preprocessing.featureNames();
    this.width = preprocessing.width();
    this.encoder = encoder;
    this.applicable =
        features.stream().noneMatch(f -> f.type() == ColumnType.CATEGORICAL)
            && !featureNames.contains(InferenceInput.ALL_FEATURES);
    this.columns = new double[features.size()][8];
    this.counts = new int[features.size()];
  }

  /** The encoded request, or {@code null} when {@link InferenceInput#parse} must handle it. */
  InferenceInput read(JsonParser parser) throws IOException {
    try {
      return readObject(parser);
    } catch (JsonProcessingException e) {
      return null; // not JSON, or not within the limits: the tree parser reports it
    }
  }

  private InferenceInput readObject(JsonParser parser) throws IOException {
    if (!applicable || parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Arrays.fill(counts, -1);
    String id = null;
    boolean seenId = false;
    boolean seenInputs = false;
    int rows = -1;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> {
          if (seenId || (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL)) {
            return null;
          }
          seenId = true;
          id = value == JsonToken.VALUE_NULL ? null : parser.getText();
        }
        case "inputs" -> {
          if (seenInputs || value != JsonToken.START_ARRAY) {
            return null;
          }
          seenInputs = true;
          rows = readInputs(parser);
          if (rows < 0) {
            return null;
          }
        }
        case "outputs" -> {
          return null;
        }
        default -> parser.skipChildren(); // ignored, as the tree parser ignores them
      }
    }
    if (token != JsonToken.END_OBJECT || !seenInputs || parser.nextToken() != null) {
      return null;
    }
    float[] encoded = new float[rows * width];
    try {
      for (int r = 0; r < rows; r++) {
        for (int f = 0; f < features.size(); f++) {
          encoder.encodeNumber(f, columns[f][r], encoded, r * width);
        }
        RowEncoder.finish(encoded, r * width, (r + 1) * width);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new InferenceInput(id, rows, encoded, List.of());
  }

  /** Reads the tensors; the common row count, or -1 to fall back. */
  private int readInputs(JsonParser parser) throws IOException {
    int rows = -1;
    int tensors = 0;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
      int n = readTensor(parser);
      if (n < 0 || (rows >= 0 && n != rows)) {
        return -1;
      }
      rows = n;
      tensors++;
    }
    if (token != JsonToken.END_ARRAY || tensors != features.size()) {
      return -1;
    }
    for (int count : counts) {
      if (count < 0) {
        return -1;
      }
    }
    return rows;
  }

  /** Reads one tensor into its feature's column; its row count, or -1 to fall back. */
  private int readTensor(JsonParser parser) throws IOException {
    int feature = -1;
    String datatype = null;
    long[] shape = null;
    int values = -1;
    boolean seenName = false;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> {
          if (seenName || value != JsonToken.VALUE_STRING) {
            return -1;
          }
          seenName = true;
          feature = featureNames.indexOf(parser.getText());
          if (feature < 0 || counts[feature] >= 0) {
            return -1;
          }
          counts[feature] = 0; // claimed; the data may come before or after
        }
        case "datatype" -> {
          if (datatype != null || value != JsonToken.VALUE_STRING) {
            return -1;
          }
          datatype = parser.getText();
        }
        case "shape" -> {
          if (shape != null || value != JsonToken.START_ARRAY) {
            return -1;
          }
          shape = readShape(parser);
          if (shape == null) {
            return -1;
          }
        }
        case "data" -> {
          if (values >= 0 || value != JsonToken.START_ARRAY) {
            return -1;
          }
          values = readData(parser);
          if (values < 0) {
            return -1;
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT
        || feature < 0
        || datatype == null
        || !InferenceInput.isKnownDatatype(datatype)
        || shape == null
        || shape.length == 0
        || values < 0) {
      return -1;
    }
    long product = 1;
    for (long dimension : shape) {
      product *= dimension;
    }
    if (product != values || shape[0] != values) {
      return -1;
    }
    // readData filled the scratch row; it becomes this feature's column.
    double[] column = columns[feature];
    columns[feature] = scratch;
    scratch = column;
    counts[feature] = values;
    return values;
  }

  private long[] readShape(JsonParser parser) throws IOException {
    long[] shape = new long[2];
    int n = 0;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return null;
      }
      long dimension = parser.getLongValue();
      if (dimension < 0 || dimension > Integer.MAX_VALUE) {
        return null;
      }
      if (n == shape.length) {
        shape = Arrays.copyOf(shape, n * 2);
      }
      shape[n++] = dimension;
    }
    return token == JsonToken.END_ARRAY ? Arrays.copyOf(shape, n) : null;
  }

  private double[] scratch = new double[8];

  /** Reads a flat array of numbers into {@link #scratch}; how many, or -1 to fall back. */
  private int readData(JsonParser parser) throws IOException {
    int n = 0;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.VALUE_NUMBER_FLOAT
        || token == JsonToken.VALUE_NUMBER_INT) {
      if (n == scratch.length) {
        scratch = Arrays.copyOf(scratch, n * 2);
      }
      scratch[n++] = parser.getDoubleValue();
    }
    return token == JsonToken.END_ARRAY ? n : -1;
  }
}
