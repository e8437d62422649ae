package dev.millrace.platform.datasets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An uploaded data file of one tenant and the summary of its profile; the full profile (the model
 * runtime's JSON, so the API shows exactly what the runtime found) is a file beside it.
 */
@Entity
@Table(name = "datasets")
public class Dataset {

  /** Assigned before the row exists: it names the dataset's directory. */
  @Id private UUID id;

  @Column(nullable = false)
  private UUID tenantId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String fileName;

  @Column(nullable = false)
  private String format;

  @Column(nullable = false)
  private long sizeBytes;

  @Column(nullable = false)
  private String sha256;

  @Column(nullable = false)
  private long rowCount;

  @Column(nullable = false)
  private int columnCount;

  private String target;

  @Column(nullable = false)
  private boolean valid;

  @Column(nullable = false)
  private int errorCount;

  @Column(nullable = false)
  private int warningCount;

  @Column(nullable = false)
  private Instant createdAt;

  protected Dataset() {}

  Dataset(UUID id, UUID tenantId, String name, String fileName, String target, Instant createdAt) {
    this.id = id;
    this.tenantId = tenantId;
    this.name = name;
    this.fileName = fileName;
    this.target = target;
    this.createdAt = createdAt;
  }

  /** Records what profiling found. */
  void profiled(
      String format,
      long sizeBytes,
      String sha256,
      long rowCount,
      int columnCount,
      boolean valid,
      int errorCount,
      int warningCount) {
    this.format = format;
    this.sizeBytes = sizeBytes;
    this.sha256 = sha256;
    this.rowCount = rowCount;
    this.columnCount = columnCount;
    this.valid = valid;
    this.errorCount = errorCount;
    this.warningCount = warningCount;
  }

  public UUID id() {
    return id;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public String name() {
    return name;
  }

  public String fileName() {
    return fileName;
  }

  public String format() {
    return format;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public String sha256() {
    return sha256;
  }

  public long rowCount() {
    return rowCount;
  }

  public int columnCount() {
    return columnCount;
  }

  public String target() {
    return target;
  }

  public boolean valid() {
    return valid;
  }

  public int errorCount() {
    return errorCount;
  }

  public int warningCount() {
    return warningCount;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
