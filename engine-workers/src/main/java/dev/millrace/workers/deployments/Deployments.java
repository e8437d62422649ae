package dev.millrace.workers.deployments;

/**
 * Model deployments (endpoints), as deploy-model, monitor-endpoint and undeploy-model drive them.
 */
public interface Deployments {

  /** Config, quota and compute type check; throws an INVALID_DEPLOYMENT failure. */
  void validate(String deploymentId);

  /** Applies the endpoint to the compute backend; throws a COMPUTE_UNAVAILABLE failure. */
  void provision(String deploymentId);

  /** Calls the endpoint with a sample from its model card; throws SMOKE_TEST_FAILED. */
  void smokeTest(String deploymentId);

  /** Marks the endpoint live (and its connector available); returns its URL. */
  String publish(String deploymentId);

  void drain(String deploymentId);

  void teardown(String deploymentId);

  /** Final settlement: captures use since the last settlement and releases the reservation. */
  void settle(String deploymentId);

  void finish(String deploymentId, String status);

  /** Starts undeploy-model for the endpoint (idempotent). */
  void requestUndeploy(String deploymentId);

  /**
   * One monitoring round: collects metrics, captures the replica time used since the last round and
   * tops up the reservation; throws CREDITS_EXHAUSTED when it cannot. Returns a summary.
   */
  java.util.Map<String, Object> collect(String deploymentId);
}
