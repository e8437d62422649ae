package dev.millrace.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Profiles and validates a data file in one streaming pass: memory grows with the number of columns
 * and categories, never with the number of rows.
 */
public final class DatasetProfiler {

  /** A column with more distinct non-numeric values than this is not usable as categorical. */
  public static final int MAX_CATEGORIES = 1000;

  /** Numeric share above which a column with a few non-numbers is a numeric column with errors. */
  static final double NUMERIC_MAJORITY = 0.8;

  /** Integer-valued targets with at most this many values count as class labels (task "auto"). */
  static final int MAX_AUTO_CLASSES = 20;

  private static final int MAX_ISSUES = 50;

  private DatasetProfiler() {}

  /**
   * Profiles {@code file}. With a target, also checks that it exists, has no missing values and is
   * not constant; {@code task} null means: infer it from the target's values.
   */
  public static DatasetProfile profile(Path file, String target, Task task) {
    return profile(file, target, task, null);
  }

  /**
   * As {@link #profile(Path, String, Task)}, also keeping the rows in {@code rows} (when not null)
   * so that a small file need not be parsed twice.
   */
  static DatasetProfile profile(Path file, String target, Task task, RowCache cache) {
    return profile(file, target, task, cache, null);
  }

  /**
   * As {@link #profile(Path, String, Task, RowCache)}, also encoding an all-numeric file into
   * {@code numeric} (when not null) as it goes.
   */
  static DatasetProfile profile(
      Path file, String target, Task task, RowCache cache, NumericRows numeric) {
    MessageDigest sha256 = sha256();
    List<DataIssue> errors = new ArrayList<>();
    List<DataIssue> warnings = new ArrayList<>();
    List<ColumnStatistics> statistics = new ArrayList<>();
    List<String> header = List.of();
    String format = "unknown";
    long rows = 0;
    long headerLine = 1;
    try (TableReader reader = TableReader.open(file, sha256)) {
      header = reader.header();
      format = reader.describeFormat();
      if (cache != null) {
        cache.header(header);
      }
      if (numeric != null) {
        numeric.start(header);
      }
      double[] scratch = new double[header.size()];
      for (int i = 0; i < header.size(); i++) {
        statistics.add(new ColumnStatistics(header.get(i)));
      }
      Row row;
      while ((row = reader.next()) != null) {
        rows++;
        double[] numbers =
            cache != null && cache.keeping()
                ? new double[header.size()]
                : numeric != null ? scratch : null;
        if (rows == 1) {
          headerLine = row.line() - 1;
        }
        for (int i = 0; i < header.size(); i++) {
          double number = statistics.get(i).accept(row.values()[i], row.line(), row.columnOf(i));
          if (numbers != null) {
            numbers[i] = number;
          }
        }
        if (numeric != null) {
          numeric.add(row, numbers);
        }
        if (cache != null && cache.keeping()) {
          cache.add(row, numbers);
        }
      }
    } catch (DataFormatException e) {
      errors.add(e.issue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long bytes = size(file);
    String digest = HexFormat.of().formatHex(sha256.digest());
    if (!errors.isEmpty()) {
      return new DatasetProfile(
          file.toString(), format, bytes, digest, rows, List.of(), target, task, errors, warnings);
    }
    if (rows == 0) {
      errors.add(new DataIssue(2, 1, null, "the file has a header but no data rows"));
    }
    List<ColumnProfile> columns = new ArrayList<>();
    for (ColumnStatistics column : statistics) {
      columns.add(column.profile());
      column.report(errors, warnings);
    }
    Task resolved = task;
    if (target != null && rows > 0) {
      int index = header.indexOf(target);
      if (index < 0) {
        errors.add(
            new DataIssue(
                1, 0, target, "target column is not in the header " + String.join(", ", header)));
      } else {
        resolved = statistics.get(index).checkTarget(task, headerLine, errors);
      }
    }
    return new DatasetProfile(
        file.toString(),
        format,
        bytes,
        digest,
        rows,
        columns,
        target,
        resolved,
        trim(errors),
        trim(warnings));
  }

  private static List<DataIssue> trim(List<DataIssue> issues) {
    return List.copyOf(issues.size() > MAX_ISSUES ? issues.subList(0, MAX_ISSUES) : issues);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
