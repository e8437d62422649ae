package dev.millrace.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profiling pass's own encoding of a file whose feature cells are all numbers or missing (the
 * usual table): such a file encodes to exactly the numbers the profiler already parsed, so it needs
 * no second pass. Encoding is abandoned at the first feature cell that is text; {@link #table} then
 * says whether the result matches what the full encoder would produce, and the loader falls back to
 * it whenever it might not.
 */
final class NumericRows implements AutoCloseable {

  private final String target;
  private final long spillAfterBytes;
  private int targetField = -1;
  private float[] features;
  private EncodedTable table;
  // Per row: the target's label key as a code (classification), and its number (regression).
  private final Map<String, Integer> keyCodes = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  private int[] targetCodes = new int[1024];
  private boolean abandoned = true;
  private boolean handedOut;
  private boolean missingFeature;

  NumericRows(String target, long spillAfterBytes) {
    this.target = target;
    this.spillAfterBytes = spillAfterBytes;
  }

  /** Called once with the file's header, before the rows. */
  void start(List<String> header) {
    targetField = header.indexOf(target);
    if (targetField >= 0 && header.size() >= 2) {
      features = new float[header.size() - 1];
      table = new EncodedTable(header.size() - 1, spillAfterBytes);
      abandoned = false;
    }
  }

  /** A row and the values the profiler parsed from it (NaN: missing or not a number). */
  void add(Row row, double[] numbers) {
    if (abandoned) {
      return;
    }
    String[] values = row.values();
    int column = 0;
    for (int i = 0; i < numbers.length; i++) {
      if (i == targetField) {
        continue;
      }
      if (Double.isNaN(numbers[i])) {
        if (values[i] != null) {
          abandon();
          return;
        }
        missingFeature = true;
      }
      // What Feature.encodeNumber and encodeMissing give before scaling: the value, or NaN.
      features[column++] = (float) numbers[i];
    }
    double number = numbers[targetField];
    String text = values[targetField];
    // The label key the profiler and RowEncoder.encodeTarget use.
    String key =
        !Double.isNaN(number) && number == Math.rint(number) && Math.abs(number) < 1e15
            ? Long.toString((long) number)
            : text;
    int index = table.rows();
    if (index == targetCodes.length) {
      targetCodes = Arrays.copyOf(targetCodes, index * 2);
    }
    targetCodes[index] = key == null ? -1 : keyCodes.computeIfAbsent(key, k -> code(k));
    table.append(features, 0, (float) number);
  }

  private int code(String key) {
    keys.add(key);
    return keys.size() - 1;
  }

  private void abandon() {
    abandoned = true;
    targetCodes = null;
    table.close();
  }

  /**
   * The encoded table for {@code transform} (fitted on this file's profile), or null when the full
   * encoder must run: some feature cell was text, a column was dropped (no values), a missing value
   * must be rejected with its location, or a target has no encoding here.
   */
  EncodedTable table(Preprocessing transform) {
    if (abandoned
        || transform.width() != table.width()
        || transform.features().stream().anyMatch(f -> f.type() != ColumnType.NUMERIC)
        || (missingFeature && transform.missingValues() == MissingValues.REJECT)) {
      return null;
    }
    if (transform.task() == Task.CLASSIFICATION) {
      Map<String, Integer> labels = transform.labelIndex();
      int[] labelOfCode = new int[keys.size()];
      for (int c = 0; c < keys.size(); c++) {
        Integer label = labels.get(keys.get(c));
        if (label == null) {
          return null;
        }
        labelOfCode[c] = label;
      }
      for (int r = 0; r < table.rows(); r++) {
        if (targetCodes[r] < 0) {
          return null;
        }
        table.setTarget(r, labelOfCode[targetCodes[r]]);
      }
    } else {
      for (int r = 0; r < table.rows(); r++) {
        if (Float.isNaN(table.target(r))) {
          return null;
        }
      }
    }
    handedOut = true;
    return table;
  }

  /** Drops the table unless {@link #table} handed it out. */
  @Override
  public void close() {
    if (!abandoned && !handedOut) {
      table.close();
    }
  }
}
