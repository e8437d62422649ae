package dev.millrace.runtime.data;

import java.util.List;

/**
 * A data file's profile and validation report. {@code errors} make the file unusable for the chosen
 * target and task; {@code warnings} do not. {@code sha256} fingerprints the file's bytes.
 */
public record DatasetProfile(
    String file,
    String format,
    long bytes,
    String sha256,
    long rows,
    List<ColumnProfile> columns,
    String target,
    Task task,
    List<DataIssue> errors,
    List<DataIssue> warnings) {

  public boolean valid() {
    return errors.isEmpty();
  }

  /** Throws the first error, located by line and column. */
  public DatasetProfile requireValid() {
    if (!errors.isEmpty()) {
      throw new DataFormatException(errors.get(0));
    }
    return this;
  }

  public ColumnProfile column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
