package dev.millrace.runtime.data;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One input column and how it becomes numbers: numeric and boolean values are scaled as {@code (x -
 * center) / scale}; a categorical value becomes a one-hot block over {@code categories} (an unseen
 * or missing category is all zeros). A missing numeric or boolean value becomes {@code center},
 * i.e. 0 after scaling, unless the policy rejects missing values.
 */
public record Feature(
    String name, ColumnType type, double center, double scale, List<String> categories) {

  public int width() {
    return type == ColumnType.CATEGORICAL ? categories.size() : 1;
  }

  Feature withScaling(double newCenter, double newScale) {
    return new Feature(name, type, newCenter, newScale, categories);
  }

  /** Encodes a text value from a file or request; throws a located error for bad text. */
  void encodeText(
      String text,
      float[] out,
      int offset,
      MissingValues policy,
      long line,
      long column,
      Map<String, Integer> categoryIndex) {
    if (text == null) {
      encodeMissing(out, offset, policy, line, column);
      return;
    }
    switch (type) {
      case NUMERIC -> {
        Double value = NumberText.parse(text);
        if (value == null) {
          throw new DataFormatException(
              line,
              column,
              name,
              NumberText.isNonFinite(text)
                  ? "'" + text + "' is not allowed: leave the field empty for a missing value"
                  : "'" + text + "' is not a number in a numeric column");
        }
        out[offset] = (float) ((value - center) / scale);
      }
      case BOOLEAN -> {
        Double value = NumberText.parseBoolean(text);
        if (value == null) {
          value = NumberText.parse(text);
        }
        if (value == null || (value != 0 && value != 1)) {
          throw new DataFormatException(
              line, column, name, "'" + text + "' is not a boolean (true/false, yes/no, 1/0)");
        }
        out[offset] = (float) ((value - center) / scale);
      }
      case CATEGORICAL -> {
        Arrays.fill(out, offset, offset + categories.size(), 0f);
        Integer index = categoryIndex.get(text);
        if (index != null) {
          out[offset + index] = 1f;
        }
      }
    }
  }

  /** Encodes a number from a request (numeric and boolean features only). */
  void encodeNumber(double value, float[] out, int offset) {
    out[offset] = (float) ((value - center) / scale);
  }

  /**
   * Numeric and boolean features get NaN, a marker that the encoder (and the table's scaling) turns
   * into the scaled mean, 0, once the scaling is known.
   */
  void encodeMissing(float[] out, int offset, MissingValues policy, long line, long column) {
    if (policy == MissingValues.REJECT) {
      throw new DataFormatException(line, column, name, "value is missing");
    }
    Arrays.fill(out, offset, offset + width(), type == ColumnType.CATEGORICAL ? 0f : Float.NaN);
  }
}
