package dev.millrace.workers;

/**
 * A business failure a port reports and the process models: the worker turns it into a BPMN error
 * with {@link #errorCode()}, which a boundary event in the process catches.
 */
public abstract class WorkerFailure extends RuntimeException {

  private final String errorCode;

  protected WorkerFailure(String errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  public String errorCode() {
    return errorCode;
  }

  /** The failures every lifecycle process knows, by BPMN error code. */
  public static final class Coded extends WorkerFailure {
    public Coded(String errorCode, String message) {
      super(errorCode, message);
    }
  }

  public static WorkerFailure invalidDataset(String message) {
    return new Coded("INVALID_DATASET", message);
  }

  public static WorkerFailure computeUnavailable(String message) {
    return new Coded("COMPUTE_UNAVAILABLE", message);
  }

  public static WorkerFailure invalidDeployment(String message) {
    return new Coded("INVALID_DEPLOYMENT", message);
  }

  public static WorkerFailure smokeTestFailed(String message) {
    return new Coded("SMOKE_TEST_FAILED", message);
  }

  public static WorkerFailure creditsExhausted(String message) {
    return new Coded("CREDITS_EXHAUSTED", message);
  }
}
