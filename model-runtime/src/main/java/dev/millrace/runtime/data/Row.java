package dev.millrace.runtime.data;

/**
 * One record of a table file, its values in header order. A null value is a missing one. {@code
 * line} is where the record starts; {@code columns[i]} is the 1-based column where value i starts.
 */
public record Row(long line, String[] values, long[] columns) {

  public long columnOf(int field) {
    return field < columns.length ? columns[field] : 0;
  }
}
