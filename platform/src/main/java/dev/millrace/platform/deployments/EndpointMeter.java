package dev.millrace.platform.deployments;

import java.util.OptionalDouble;

/**
 * Replica time of endpoints, as the compute backend counts it. Not on the {@code ComputeBackend}
 * port (yet): each backend that can run endpoints supplies one.
 */
public interface EndpointMeter {

  /**
   * Identifies the counter's lifetime: readings of one session grow; a new session (the platform
   * restarted, the backend forgot its endpoints) counts again from 0.
   */
  String session();

  /** Replica-seconds the endpoint used in this session; empty when the backend does not run it. */
  OptionalDouble replicaSeconds(String endpointId);
}
