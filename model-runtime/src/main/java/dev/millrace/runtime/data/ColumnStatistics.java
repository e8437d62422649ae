package dev.millrace.runtime.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Streaming statistics of one column, and the type and errors they imply. */
final class ColumnStatistics {

  /** Numeric columns list their value counts only when they have this few (class targets). */
  static final int MAX_NUMERIC_VALUES = 100;

  private final String name;
  private long present;
  private long missing;
  private long numeric;
  private long booleans;
  private long nonFinite;
  private long integral;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private DataIssue firstNonNumeric;
  private DataIssue firstNonFinite;
  private DataIssue firstMissing;
  // Value counts by key (null once past MAX_CATEGORIES): small integers, the bulk of most tables
  // (pixels, counts, class codes), are counted by index, without a key string and a map update
  // per cell; the rest by key. distinct counts both.
  private Map<String, long[]> values = new HashMap<>();
  private long[] smallIntegers;
  private int distinct;

  private static final int SMALLEST_INDEXED = -16;
  private static final int INDEXED = 256 - SMALLEST_INDEXED;

  ColumnStatistics(String name) {
    this.name = name;
  }

  /** Counts a cell; returns its numeric value, or NaN when it is missing or not a number. */
  double accept(String text, long line, long column) {
    if (text == null) {
      missing++;
      if (firstMissing == null) {
        firstMissing = new DataIssue(line, column, name, "value is missing");
      }
      return Double.NaN;
    }
    present++;
    double number = NumberText.valueOrNaN(text);
    if (!Double.isNaN(number)) {
      numeric++;
      double delta = number - mean;
      mean += delta / numeric;
      m2 += delta * (number - mean);
      min = Math.min(min, number);
      max = Math.max(max, number);
      if (number == Math.rint(number) && Math.abs(number) < 1e15) {
        integral++;
        long index = (long) number - SMALLEST_INDEXED;
        if (index >= 0 && index < INDEXED) {
          countSmallInteger((int) index);
        } else {
          count(Long.toString((long) number));
        }
      } else {
        count(text);
      }
    } else {
      if (NumberText.parseBoolean(text) != null) {
        booleans++;
      }
      if (NumberText.isNonFinite(text)) {
        nonFinite++;
        if (firstNonFinite == null) {
          firstNonFinite =
              new DataIssue(
                  line,
                  column,
                  name,
                  "'" + text + "' is not allowed: leave the field empty for a missing value");
        }
      } else if (firstNonNumeric == null) {
        firstNonNumeric =
            new DataIssue(line, column, name, "'" + text + "' is not a number in a numeric column");
      }
      count(text);
    }
    return number;
  }

  private void countSmallInteger(int index) {
    if (values == null) {
      return;
    }
    if (smallIntegers == null) {
      smallIntegers = new long[INDEXED];
    }
    if (smallIntegers[index]++ == 0) {
      distinct();
    }
  }

  private void count(String key) {
    if (values == null) {
      return;
    }
    long[] count = values.get(key);
    if (count == null) {
      values.put(key, new long[] {1});
      distinct();
    } else {
      count[0]++;
    }
  }

  private void distinct() {
    if (++distinct > DatasetProfiler.MAX_CATEGORIES) {
      values = null;
      smallIntegers = null;
    }
  }

  /** The counts by key (an integer's key is its decimal digits), or null past MAX_CATEGORIES. */
  private Map<String, Long> valueCounts() {
    if (values == null) {
      return null;
    }
    Map<String, Long> counts = new HashMap<>();
    values.forEach((key, count) -> counts.put(key, count[0]));
    if (smallIntegers != null) {
      for (int i = 0; i < INDEXED; i++) {
        if (smallIntegers[i] > 0) {
          counts.put(Integer.toString(i + SMALLEST_INDEXED), smallIntegers[i]);
        }
      }
    }
    return counts;
  }

  ColumnType type() {
    if (present > 0 && booleans == present) {
      return ColumnType.BOOLEAN;
    }
    if (numeric > 0 && numeric >= DatasetProfiler.NUMERIC_MAJORITY * (present - nonFinite)) {
      return ColumnType.NUMERIC;
    }
    return ColumnType.CATEGORICAL;
  }

  ColumnProfile profile() {
    boolean isNumeric = type() == ColumnType.NUMERIC;
    return new ColumnProfile(
        name,
        type(),
        present,
        missing,
        isNumeric ? min : null,
        isNumeric ? max : null,
        isNumeric ? mean : null,
        isNumeric ? Math.sqrt(numeric > 1 ? m2 / (numeric - 1) : 0) : null,
        values == null ? null : distinct,
        values == null || (isNumeric && distinct > MAX_NUMERIC_VALUES)
            ? Map.of()
            : Map.copyOf(valueCounts()));
  }

  void report(List<DataIssue> errors, List<DataIssue> warnings) {
    if (present == 0) {
      warnings.add(new DataIssue(1, 0, name, "column has no values; it is ignored"));
      return;
    }
    if (type() == ColumnType.NUMERIC) {
      if (firstNonFinite != null) {
        errors.add(firstNonFinite);
      }
      if (firstNonNumeric != null) {
        errors.add(firstNonNumeric);
      }
      if (min == max) {
        warnings.add(new DataIssue(1, 0, name, "column is constant; it carries no information"));
      }
    } else if (type() == ColumnType.CATEGORICAL && values == null) {
      warnings.add(
          new DataIssue(
              1,
              0,
              name,
              "more than " + DatasetProfiler.MAX_CATEGORIES + " distinct values; it is ignored"));
    }
  }

  /** Checks this column as the target, returning the task (inferred when {@code task} is null). */
  Task checkTarget(Task task, long headerLine, List<DataIssue> errors) {
    if (firstMissing != null) {
      errors.add(
          new DataIssue(
              firstMissing.line(), firstMissing.column(), name, "target value is missing"));
    }
    Task resolved = task;
    if (resolved == null) {
      boolean numericTarget = type() == ColumnType.NUMERIC;
      boolean fewIntegers =
          integral == numeric && values != null && distinct <= DatasetProfiler.MAX_AUTO_CLASSES;
      resolved = numericTarget && !fewIntegers ? Task.REGRESSION : Task.CLASSIFICATION;
    }
    if (resolved == Task.REGRESSION) {
      if (type() != ColumnType.NUMERIC) {
        errors.add(
            firstNonNumeric != null
                ? firstNonNumeric
                : new DataIssue(headerLine, 0, name, "a regression target must be numeric"));
      } else if (present > 0 && min == max) {
        errors.add(
            new DataIssue(
                headerLine, 0, name, "target is constant (" + min + "): nothing to learn"));
      }
    } else if (values == null || (type() == ColumnType.NUMERIC && distinct > MAX_NUMERIC_VALUES)) {
      errors.add(
          new DataIssue(
              headerLine, 0, name, "target has too many distinct labels for classification"));
    } else if (distinct < 2) {
      errors.add(
          new DataIssue(
              headerLine,
              0,
              name,
              "target is constant ("
                  + (distinct == 0
                      ? "no values"
                      : "'" + valueCounts().keySet().iterator().next() + "'")
                  + "): nothing to learn"));
    }
    return resolved;
  }
}
