package dev.millrace.platform.training;

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
 * A training or fine-tuning run of one tenant: what was asked, where its process and compute are,
 * what it reported while it ran and what came out. Its credits are the ledger's reservation {@code
 * run:<id>}.
 */
@Entity
@Table(name = "training_runs")
public class TrainingRun {

  @Id private UUID id;

  @Column(nullable = false)
  private UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private RunKind kind;

  @Column(nullable = false)
  private String modelName;

  @Column(nullable = false)
  private String catalogEntry;

  @Column(nullable = false)
  private UUID datasetId;

  @Column(nullable = false)
  private String target;

  /** JSON: the hyper-parameters as given (the runtime fills in defaults). */
  @Column(nullable = false)
  private String hyperparameters;

  private Integer epochs;
  private Long seed;

  @Column(nullable = false)
  private int timeBudgetSeconds;

  @Column(nullable = false)
  private String computeType;

  @Column(nullable = false)
  private String computeSize;

  private UUID parentVersionId;
  private Double learningRateFactor;
  private Integer freezeLayers;

  @Column(nullable = false)
  private boolean newHead;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private RunState state;

  @Column(nullable = false)
  private boolean cancelRequested;

  @Column(nullable = false)
  private int currentEpoch;

  private Integer maxEpochs;
  private String device;

  /** As the backend reported the end: succeeded, failed or cancelled. */
  private String outcome;

  private Double computeSeconds;
  private String artifactDir;

  /** JSON: the held-out test metrics the backend reported. */
  private String testMetrics;

  /** JSON: what the evaluation step checked (the model card's metrics). */
  private String evaluation;

  private String failureMessage;

  @Column(nullable = false)
  private long reservedMicroCredits;

  private Long processInstanceKey;
  private UUID modelVersionId;

  @Column(nullable = false)
  private Instant createdAt;

  private Instant startedAt;
  private Instant computeEndedAt;
  private Instant finishedAt;

  @Version private long rowVersion;

  protected TrainingRun() {}

  /** What a run is asked to do. */
  record Spec(
      RunKind kind,
      String modelName,
      String catalogEntry,
      UUID datasetId,
      String target,
      String hyperparameters,
      Integer epochs,
      Long seed,
      int timeBudgetSeconds,
      String computeType,
      String computeSize,
      UUID parentVersionId,
      Double learningRateFactor,
      Integer freezeLayers,
      boolean newHead) {}

  TrainingRun(UUID id, UUID tenantId, Spec spec, long reservedMicroCredits, Instant createdAt) {
    this.id = id;
    this.tenantId = tenantId;
    this.kind = spec.kind();
    this.modelName = spec.modelName();
    this.catalogEntry = spec.catalogEntry();
    this.datasetId = spec.datasetId();
    this.target = spec.target();
    this.hyperparameters = spec.hyperparameters();
    this.epochs = spec.epochs();
    this.seed = spec.seed();
    this.timeBudgetSeconds = spec.timeBudgetSeconds();
    this.computeType = spec.computeType();
    this.computeSize = spec.computeSize();
    this.parentVersionId = spec.parentVersionId();
    this.learningRateFactor = spec.learningRateFactor();
    this.freezeLayers = spec.freezeLayers();
    this.newHead = spec.newHead();
    this.state = RunState.PENDING;
    this.reservedMicroCredits = reservedMicroCredits;
    this.createdAt = createdAt;
  }

  void processStarted(long key) {
    this.processInstanceKey = key;
  }

  void computeRequested() {
    if (state == RunState.PENDING) {
      state = RunState.STARTING;
    }
  }

  /** The backend refused: no compute runs; the process fails the run and releases its credits. */
  void computeRefused(String message) {
    if (state == RunState.STARTING) {
      state = RunState.PENDING;
    }
    noteFailure(message);
  }

  void computeStarted(Integer maxEpochs, String device, Instant at) {
    if (state == RunState.PENDING || state == RunState.STARTING) {
      state = RunState.RUNNING;
    }
    if (startedAt == null) {
      startedAt = at;
    }
    if (maxEpochs != null) {
      this.maxEpochs = maxEpochs;
    }
    if (device != null) {
      this.device = device;
    }
  }

  void epochReported(int epoch, Integer maxEpochs) {
    // Later epochs only: a resumed run may repeat one, which must not move the count back.
    currentEpoch = Math.max(currentEpoch, epoch);
    if (maxEpochs != null) {
      this.maxEpochs = maxEpochs;
    }
    if (state == RunState.PENDING || state == RunState.STARTING) {
      state = RunState.RUNNING;
    }
  }

  /**
   * Records how compute ended; only the first report counts (a backend may repeat itself after a
   * restart or a late cancel).
   *
   * @return whether this was the first report
   */
  boolean computeEnded(
      String outcome,
      double computeSeconds,
      String artifactDir,
      String testMetrics,
      String failureMessage,
      Instant at) {
    if (this.outcome != null || state.isFinal()) {
      return false;
    }
    this.outcome = outcome;
    this.computeSeconds = computeSeconds;
    this.artifactDir = artifactDir;
    this.testMetrics = testMetrics;
    if (failureMessage != null) {
      this.failureMessage = failureMessage;
    }
    this.computeEndedAt = at;
    this.state = RunState.FINISHING;
    return true;
  }

  void requestCancel() {
    this.cancelRequested = true;
  }

  void evaluated(String evaluation) {
    this.evaluation = evaluation;
  }

  void registered(UUID modelVersionId) {
    this.modelVersionId = modelVersionId;
  }

  void noteFailure(String message) {
    if (message != null && !message.isBlank()) {
      this.failureMessage = message.length() > 4000 ? message.substring(0, 3997) + "..." : message;
    }
  }

  void finish(RunState finalState, String message, Instant at) {
    noteFailure(message);
    this.state = finalState;
    this.finishedAt = at;
  }

  public UUID id() {
    return id;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public RunKind kind() {
    return kind;
  }

  public String modelName() {
    return modelName;
  }

  public String catalogEntry() {
    return catalogEntry;
  }

  public UUID datasetId() {
    return datasetId;
  }

  public String target() {
    return target;
  }

  public String hyperparameters() {
    return hyperparameters;
  }

  public Integer epochs() {
    return epochs;
  }

  public Long seed() {
    return seed;
  }

  public int timeBudgetSeconds() {
    return timeBudgetSeconds;
  }

  public String computeType() {
    return computeType;
  }

  public String computeSize() {
    return computeSize;
  }

  public UUID parentVersionId() {
    return parentVersionId;
  }

  public Double learningRateFactor() {
    return learningRateFactor;
  }

  public Integer freezeLayers() {
    return freezeLayers;
  }

  public boolean newHead() {
    return newHead;
  }

  public RunState state() {
    return state;
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  public int currentEpoch() {
    return currentEpoch;
  }

  public Integer maxEpochs() {
    return maxEpochs;
  }

  public String device() {
    return device;
  }

  public String outcome() {
    return outcome;
  }

  public Double computeSeconds() {
    return computeSeconds;
  }

  public String artifactDir() {
    return artifactDir;
  }

  public String testMetrics() {
    return testMetrics;
  }

  public String evaluation() {
    return evaluation;
  }

  public String failureMessage() {
    return failureMessage;
  }

  public long reservedMicroCredits() {
    return reservedMicroCredits;
  }

  public Long processInstanceKey() {
    return processInstanceKey;
  }

  public UUID modelVersionId() {
    return modelVersionId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant computeEndedAt() {
    return computeEndedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  /** The ledger reservation holding this run's credits. */
  public String reservationKey() {
    return reservationKey(id);
  }

  public static String reservationKey(UUID runId) {
    return "run:" + runId;
  }
}
