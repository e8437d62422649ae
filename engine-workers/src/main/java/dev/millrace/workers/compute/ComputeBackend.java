package dev.millrace.workers.compute;

import java.util.Optional;

/**
 * Where training jobs and endpoints run: local child processes (the embedded default) or
 * Kubernetes. Every operation is idempotent: calling it again with the same spec converges to the
 * same result ("make it look like this"), whatever state it finds.
 */
public interface ComputeBackend {

  /** Whether {@code computeType=gpu} can be honoured here. */
  boolean gpuAvailable();

  /**
   * Starts (or resumes from its last checkpoint) the training job; returns at once. Progress and
   * the outcome go to the {@link TrainingObserver} the backend was built with.
   */
  void startTraining(TrainingJob job);

  /** Stops the job; the observer then reports it cancelled. */
  void cancelTraining(String runId);

  /** Makes the endpoint match the spec (creating, updating or keeping its replicas). */
  EndpointStatus applyEndpoint(EndpointSpec spec);

  /** Removes the endpoint and its replicas. */
  void deleteEndpoint(String endpointId);

  Optional<EndpointStatus> endpointStatus(String endpointId);
}
