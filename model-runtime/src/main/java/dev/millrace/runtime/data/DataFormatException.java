package dev.millrace.runtime.data;

import dev.millrace.runtime.ModelRuntimeException;

/**
 * Bad data, located by 1-based line and column in the file (column 0 when a whole line is meant).
 */
public final class DataFormatException extends ModelRuntimeException {

  private final DataIssue issue;

  public DataFormatException(DataIssue issue) {
    super(issue.toString());
    this.issue = issue;
  }

  public DataFormatException(long line, long column, String columnName, String message) {
    this(new DataIssue(line, column, columnName, message));
  }

  public DataIssue issue() {
    return issue;
  }

  public long line() {
    return issue.line();
  }

  public long column() {
    return issue.column();
  }
}
