package dev.millrace.runtime.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies a {@link Preprocessing} to rows from files or requests. Not thread-safe. */
public final class RowEncoder {

  private final Preprocessing preprocessing;
  private final List<Feature> features;
  private final int[] offsets;
  private final List<Map<String, Integer>> categoryIndexes;
  private final Map<String, Integer> labelIndex;

  RowEncoder(Preprocessing preprocessing) {
    this.preprocessing = preprocessing;
    this.features = preprocessing.features();
    this.offsets = new int[features.size()];
    this.categoryIndexes = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < features.size(); i++) {
      offsets[i] = offset;
      offset += features.get(i).width();
      Map<String, Integer> index = new HashMap<>();
      List<String> categories = features.get(i).categories();
      for (int c = 0; c < categories.size(); c++) {
        index.put(categories.get(c), c);
      }
      categoryIndexes.add(index);
    }
    this.labelIndex = preprocessing.labelIndex();
  }

  public int width() {
    return preprocessing.width();
  }

  public int offsetOf(int feature) {
    return offsets[feature];
  }

  /**
   * Encodes a file row: {@code positions[i]} is feature i's field in the row. Missing numeric
   * values stay NaN (raw tables are scaled later); use {@link #finish} for model input.
   */
  public void encodeRow(Row row, int[] positions, float[] out, int offset) {
    encodeRow(row, null, positions, out, offset);
  }

  /** As {@link #encodeRow(Row, int[], float[], int)}, reusing values the profiler parsed. */
  void encodeRow(Row row, double[] parsed, int[] positions, float[] out, int offset) {
    for (int i = 0; i < features.size(); i++) {
      int field = positions[i];
      if (parsed != null
          && !Double.isNaN(parsed[field])
          && features.get(i).type() == ColumnType.NUMERIC) {
        features.get(i).encodeNumber(parsed[field], out, offset + offsets[i]);
        continue;
      }
      features
          .get(i)
          .encodeText(
              row.values()[field],
              out,
              offset + offsets[i],
              preprocessing.missingValues(),
              row.line(),
              row.columnOf(field),
              categoryIndexes.get(i));
    }
  }

  /** Encodes one feature's value given as text (a request's string or a file cell). */
  public void encodeText(int feature, String text, float[] out, int rowOffset, String where) {
    try {
      features
          .get(feature)
          .encodeText(
              text,
              out,
              rowOffset + offsets[feature],
              preprocessing.missingValues(),
              0,
              0,
              categoryIndexes.get(feature));
    } catch (DataFormatException e) {
      throw new IllegalArgumentException(where + ": " + e.issue().message());
    }
  }

  /** Encodes one numeric or boolean feature's value given as a number (a request's tensor). */
  public void encodeNumber(int feature, double value, float[] out, int rowOffset) {
    features.get(feature).encodeNumber(value, out, rowOffset + offsets[feature]);
  }

  /** Replaces the missing-value markers of an encoded, scaled row by the mean (0). */
  public static void finish(float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Float.isNaN(out[i])) {
        out[i] = 0f;
      }
    }
  }

  /** The class index of a label, or the raw value of a regression target. */
  public float encodeTarget(Row row, int field) {
    String text = row.values()[field];
    long column = row.columnOf(field);
    if (text == null) {
      throw new DataFormatException(
          row.line(), column, preprocessing.target(), "target value is missing");
    }
    if (preprocessing.task() == Task.CLASSIFICATION) {
      Double number = NumberText.parse(text);
      String key =
          number != null && number == Math.rint(number) && Math.abs(number) < 1e15
              ? Long.toString(number.longValue())
              : text;
      Integer index = labelIndex.get(key);
      if (index == null) {
        throw new DataFormatException(
            row.line(),
            column,
            preprocessing.target(),
            "label '" + text + "' is not one of the model's labels " + preprocessing.labels());
      }
      return index;
    }
    Double value = NumberText.parse(text);
    if (value == null) {
      throw new DataFormatException(
          row.line(), column, preprocessing.target(), "'" + text + "' is not a number");
    }
    return value.floatValue();
  }
}
