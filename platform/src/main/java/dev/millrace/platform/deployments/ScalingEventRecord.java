package dev.millrace.platform.deployments;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One autoscaling decision of a deployment's endpoint, kept for as long as the deployment. */
@Entity
@Table(name = "deployment_scaling_events")
public class ScalingEventRecord {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private UUID deploymentId;

  @Column(nullable = false)
  private Instant occurredAt;

  @Column(nullable = false)
  private int fromReplicas;

  @Column(nullable = false)
  private int toReplicas;

  @Column(nullable = false)
  private String reason;

  protected ScalingEventRecord() {}

  ScalingEventRecord(
      UUID deploymentId, Instant occurredAt, int fromReplicas, int toReplicas, String reason) {
    this.deploymentId = deploymentId;
    this.occurredAt = occurredAt;
    this.fromReplicas = fromReplicas;
    this.toReplicas = toReplicas;
    this.reason = reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...";
  }

  public UUID deploymentId() {
    return deploymentId;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  public int fromReplicas() {
    return fromReplicas;
  }

  public int toReplicas() {
    return toReplicas;
  }

  public String reason() {
    return reason;
  }
}
