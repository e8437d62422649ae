package dev.millrace.runtime.data;

/**
 * One problem found in a data file. {@code line} and {@code column} are 1-based positions in the
 * file's text (column counts characters, after a byte-order mark); {@code columnName} is the
 * header's name for the field, or null when the problem is not about one field.
 */
public record DataIssue(long line, long column, String columnName, String message) {

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("line ").append(line);
    if (column > 0) {
      text.append(", column ").append(column);
    }
    if (columnName != null) {
      text.append(" ('").append(columnName).append("')");
    }
    return text.append(": ").append(message).toString();
  }
}
