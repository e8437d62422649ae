package dev.millrace.platform.training;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One epoch of a run as the compute backend reported it (the runtime's {@code epoch} event). */
@Entity
@Table(name = "training_run_epochs")
public class TrainingEpoch {

  @Embeddable
  public record Id(UUID runId, int epoch) implements Serializable {}

  @EmbeddedId private Id id;

  /** JSON: trainLoss, validationLoss, metricName, validationMetric, best, seconds... */
  @Column(nullable = false)
  private String metrics;

  @Column(nullable = false)
  private Instant recordedAt;

  protected TrainingEpoch() {}

  TrainingEpoch(UUID runId, int epoch, String metrics, Instant recordedAt) {
    this.id = new Id(runId, epoch);
    this.metrics = metrics;
    this.recordedAt = recordedAt;
  }

  void replace(String newMetrics, Instant at) {
    this.metrics = newMetrics;
    this.recordedAt = at;
  }

  public int epoch() {
    return id.epoch();
  }

  public String metrics() {
    return metrics;
  }

  public Instant recordedAt() {
    return recordedAt;
  }
}
