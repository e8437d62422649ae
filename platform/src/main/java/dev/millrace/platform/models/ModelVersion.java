package dev.millrace.platform.models;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A trained model of one tenant, registered from a finished training or fine-tuning run: its
 * artifact, held-out metrics, model card and lineage (parent version, data fingerprints).
 */
@Entity
@Table(name = "model_versions")
public class ModelVersion {

  @Id private UUID id;

  @Column(nullable = false)
  private UUID tenantId;

  @Column(nullable = false)
  private String modelName;

  /** 1, 2, ... per tenant and model name. */
  @Column(nullable = false)
  private int version;

  @Column(nullable = false)
  private String catalogEntry;

  @Column(nullable = false)
  private String task;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ModelStage stage;

  @Column(nullable = false)
  private UUID trainingRunId;

  private UUID parentVersionId;

  @Column(nullable = false)
  private UUID datasetId;

  @Column(nullable = false)
  private String artifactId;

  @Column(nullable = false)
  private String artifactDir;

  /** JSON: the held-out test metrics of the model card. */
  @Column(nullable = false)
  private String metrics;

  /** JSON: the data fingerprints of this model and its ancestors, newest first. */
  @Column(nullable = false)
  private String dataLineage;

  /** JSON: the artifact's model-card.json as the model runtime wrote it. */
  @Column(nullable = false)
  private String modelCard;

  @Column(nullable = false)
  private Instant createdAt;

  @Column(nullable = false)
  private Instant stageChangedAt;

  @Version private long rowVersion;

  protected ModelVersion() {}

  ModelVersion(
      UUID id,
      UUID tenantId,
      String modelName,
      int version,
      String catalogEntry,
      String task,
      UUID trainingRunId,
      UUID parentVersionId,
      UUID datasetId,
      String artifactId,
      String artifactDir,
      String metrics,
      String dataLineage,
      String modelCard,
      Instant createdAt) {
    this.id = id;
    this.tenantId = tenantId;
    this.modelName = modelName;
    this.version = version;
    this.catalogEntry = catalogEntry;
    this.task = task;
    this.stage = ModelStage.CANDIDATE;
    this.trainingRunId = trainingRunId;
    this.parentVersionId = parentVersionId;
    this.datasetId = datasetId;
    this.artifactId = artifactId;
    this.artifactDir = artifactDir;
    this.metrics = metrics;
    this.dataLineage = dataLineage;
    this.modelCard = modelCard;
    this.createdAt = createdAt;
    this.stageChangedAt = createdAt;
  }

  void moveTo(ModelStage target, Instant at) {
    this.stage = target;
    this.stageChangedAt = at;
  }

  public UUID id() {
    return id;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public String modelName() {
    return modelName;
  }

  public int version() {
    return version;
  }

  public String catalogEntry() {
    return catalogEntry;
  }

  public String task() {
    return task;
  }

  public ModelStage stage() {
    return stage;
  }

  public UUID trainingRunId() {
    return trainingRunId;
  }

  public UUID parentVersionId() {
    return parentVersionId;
  }

  public UUID datasetId() {
    return datasetId;
  }

  public String artifactId() {
    return artifactId;
  }

  public String artifactDir() {
    return artifactDir;
  }

  public String metrics() {
    return metrics;
  }

  public String dataLineage() {
    return dataLineage;
  }

  public String modelCard() {
    return modelCard;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant stageChangedAt() {
    return stageChangedAt;
  }
}
