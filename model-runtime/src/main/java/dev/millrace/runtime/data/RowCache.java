package dev.millrace.runtime.data;

import java.util.ArrayList;
import java.util.List;

/** The rows of a small file kept from the profiling pass, so that encoding need not re-parse. */
final class RowCache {

  private final long maxCells;
  private List<Row> rows = new ArrayList<>();
  private List<double[]> numbers = new ArrayList<>();
  private List<String> header;
  private long cells;

  RowCache(long maxCells) {
    this.maxCells = maxCells;
  }

  /** Keeps a row until the budget is spent; from then on the cache is incomplete and unused. */
  void add(Row row, double[] parsed) {
    if (rows == null) {
      return;
    }
    cells += row.values().length;
    if (cells > maxCells) {
      rows = null;
      numbers = null;
      return;
    }
    rows.add(row);
    numbers.add(parsed);
  }

  boolean keeping() {
    return rows != null;
  }

  /** Cell values already parsed by the profiler (NaN: missing or not a number), per row. */
  List<double[]> numbers() {
    return numbers;
  }

  void header(List<String> names) {
    header = names;
  }

  List<String> header() {
    return header;
  }

  /** The rows, or null when the file was too large to keep. */
  List<Row> rows() {
    return rows;
  }

  /** A budget of a sixty-fourth of the heap, at roughly 72 bytes per kept cell. */
  static RowCache sized() {
    return new RowCache(Runtime.getRuntime().maxMemory() / 64 / 72);
  }
}
