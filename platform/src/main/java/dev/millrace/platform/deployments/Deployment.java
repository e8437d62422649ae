package dev.millrace.platform.deployments;

import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * A model version deployed as an endpoint of one tenant: what was asked, where its processes are,
 * what the compute backend last reported, and (in {@link EndpointBillingState}) the billing state
 * behind its credits (the ledger's reservation {@code endpoint:<id>}).
 */
@Entity
@Table(name = "deployments")
public class Deployment {

  static final String RESERVATION_PREFIX = "endpoint:";

  /** What the tenant asked for, checked. */
  public record Spec(
      String name,
      String endpointName,
      UUID modelVersionId,
      String catalogEntry,
      Path artifactDir,
      String visibility,
      String computeType,
      String computeSize,
      String podSize,
      String policy,
      double target,
      int minReplicas,
      int maxReplicas) {}

  @Id private UUID id;

  @Column(nullable = false)
  private UUID tenantId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String endpointName;

  private String liveName;
  private String liveEndpointName;

  @Column(nullable = false)
  private UUID modelVersionId;

  @Column(nullable = false)
  private String catalogEntry;

  @Column(nullable = false)
  private String artifactDir;

  @Column(nullable = false)
  private String visibility;

  @Column(nullable = false)
  private String computeType;

  @Column(nullable = false)
  private String computeSize;

  @Column(nullable = false)
  private String podSize;

  @Column(nullable = false)
  private String scalingPolicy;

  @Column(nullable = false)
  private double scalingTarget;

  @Column(nullable = false)
  private int minReplicas;

  @Column(nullable = false)
  private int maxReplicas;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private DeploymentStatus status;

  private String url;
  private String failureMessage;
  private String endpointState;
  private String endpointMessage;

  /** JSON: what the smoke test sent back and how it compared. */
  private String smokeTest;

  @Column(nullable = false)
  private int desiredReplicas;

  @Column(nullable = false)
  private int readyReplicas;

  @Column(nullable = false)
  private int readinessTimeoutSeconds;

  @Column(nullable = false)
  private int monitorIntervalSeconds;

  @Embedded private EndpointBillingState billing;

  private Long deployProcessKey;
  private Long undeployProcessKey;

  @Column(nullable = false)
  private Instant createdAt;

  private Instant provisionedAt;
  private Instant readySignalledAt;
  private Instant publishedAt;
  private Instant undeployRequestedAt;
  private Instant tornDownAt;
  private Instant settledAt;
  private Instant finishedAt;

  @Version
  @Column(nullable = false)
  private long rowVersion;

  protected Deployment() {}

  Deployment(
      UUID id,
      UUID tenantId,
      Spec spec,
      BigDecimal pricePerReplicaSecond,
      long reservedMicroCredits,
      int readinessTimeoutSeconds,
      int monitorIntervalSeconds,
      Instant now) {
    this.id = id;
    this.tenantId = tenantId;
    this.name = spec.name();
    this.endpointName = spec.endpointName();
    this.liveName = spec.name();
    this.liveEndpointName = spec.endpointName();
    this.modelVersionId = spec.modelVersionId();
    this.catalogEntry = spec.catalogEntry();
    this.artifactDir = spec.artifactDir().toString();
    this.visibility = spec.visibility();
    this.computeType = spec.computeType();
    this.computeSize = spec.computeSize();
    this.podSize = spec.podSize();
    this.scalingPolicy = spec.policy();
    this.scalingTarget = spec.target();
    this.minReplicas = spec.minReplicas();
    this.maxReplicas = spec.maxReplicas();
    this.status = DeploymentStatus.PROVISIONING;
    this.billing = new EndpointBillingState(pricePerReplicaSecond, reservedMicroCredits);
    this.readinessTimeoutSeconds = readinessTimeoutSeconds;
    this.monitorIntervalSeconds = monitorIntervalSeconds;
    this.createdAt = now;
  }

  /** The ledger's key for this deployment's credits (the deploy-model process uses the same). */
  public String reservationKey() {
    return RESERVATION_PREFIX + id;
  }

  /** What the compute backend is asked to run. */
  public EndpointSpec endpointSpec() {
    return new EndpointSpec(
        id.toString(),
        tenantId.toString(),
        endpointName,
        Path.of(artifactDir),
        visibility,
        computeType,
        computeSize,
        podSize,
        scalingPolicy,
        scalingTarget,
        minReplicas,
        maxReplicas);
  }

  void processStarted(long processInstanceKey) {
    this.deployProcessKey = processInstanceKey;
  }

  /** The endpoint was handed to the backend: from now on a restart brings it back. */
  void provisioned(Instant at) {
    if (provisionedAt == null) {
      provisionedAt = at;
    }
  }

  /** The backend's latest report. */
  void observed(EndpointStatus endpoint) {
    desiredReplicas = endpoint.desiredReplicas();
    readyReplicas = endpoint.readyReplicas();
    endpointState = endpoint.state();
    endpointMessage = truncate(endpoint.message());
  }

  void smokeTested(String resultJson) {
    smokeTest = truncate(resultJson);
  }

  /** The backend could not run the endpoint (e.g. restoring it after a restart). */
  void endpointFailed(String message) {
    endpointState = "FAILED";
    endpointMessage = truncate(message);
  }

  void readySignalled(Instant at) {
    readySignalledAt = at;
  }

  /** Live and reachable at {@code url}; a deployment already being undeployed stays so. */
  void published(String endpointUrl, Instant at) {
    url = endpointUrl;
    if (status == DeploymentStatus.PROVISIONING) {
      status = DeploymentStatus.READY;
      publishedAt = at;
    }
  }

  /** The endpoint answers at another URL now (restored behind another router base). */
  void moved(String endpointUrl) {
    if (url != null) {
      url = endpointUrl;
    }
  }

  void undeployStarted(long processInstanceKey, Instant at) {
    undeployProcessKey = processInstanceKey;
    undeployRequestedAt = at;
    draining();
  }

  void draining() {
    if (status.live()) {
      status = DeploymentStatus.DRAINING;
    }
  }

  void tornDown(Instant at) {
    if (tornDownAt == null) {
      tornDownAt = at;
    }
    readyReplicas = 0;
    desiredReplicas = 0;
  }

  /** Records why a step failed (the deploy-model failure path then finishes it). */
  void failure(String message) {
    failureMessage = truncate(message);
  }

  void settled(Instant at) {
    settledAt = at;
  }

  /** Ends the deployment: its names are free again. */
  void finish(DeploymentStatus end, Instant at) {
    if (status.live()) {
      status = end;
      finishedAt = at;
      liveName = null;
      liveEndpointName = null;
      if (end != DeploymentStatus.DELETED) {
        readyReplicas = 0;
        desiredReplicas = 0;
      }
    }
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
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

  public String endpointName() {
    return endpointName;
  }

  public UUID modelVersionId() {
    return modelVersionId;
  }

  public String catalogEntry() {
    return catalogEntry;
  }

  public Path artifactDir() {
    return Path.of(artifactDir);
  }

  public String visibility() {
    return visibility;
  }

  public String computeType() {
    return computeType;
  }

  public String computeSize() {
    return computeSize;
  }

  public String podSize() {
    return podSize;
  }

  public String scalingPolicy() {
    return scalingPolicy;
  }

  public double scalingTarget() {
    return scalingTarget;
  }

  public int minReplicas() {
    return minReplicas;
  }

  public int maxReplicas() {
    return maxReplicas;
  }

  public DeploymentStatus status() {
    return status;
  }

  public String url() {
    return url;
  }

  public String failureMessage() {
    return failureMessage;
  }

  public String endpointState() {
    return endpointState;
  }

  public String endpointMessage() {
    return endpointMessage;
  }

  public String smokeTest() {
    return smokeTest;
  }

  public int desiredReplicas() {
    return desiredReplicas;
  }

  public int readyReplicas() {
    return readyReplicas;
  }

  public int readinessTimeoutSeconds() {
    return readinessTimeoutSeconds;
  }

  public int monitorIntervalSeconds() {
    return monitorIntervalSeconds;
  }

  /** The billing state behind the deployment's credits. */
  public EndpointBillingState billing() {
    return billing;
  }

  public Long deployProcessKey() {
    return deployProcessKey;
  }

  public Long undeployProcessKey() {
    return undeployProcessKey;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant provisionedAt() {
    return provisionedAt;
  }

  public Instant readySignalledAt() {
    return readySignalledAt;
  }

  public Instant publishedAt() {
    return publishedAt;
  }

  public Instant undeployRequestedAt() {
    return undeployRequestedAt;
  }

  public Instant tornDownAt() {
    return tornDownAt;
  }

  public Instant settledAt() {
    return settledAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }
}
