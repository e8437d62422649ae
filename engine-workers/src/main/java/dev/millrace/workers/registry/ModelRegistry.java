package dev.millrace.workers.registry;

/** Registered model versions, with their lineage. */
public interface ModelRegistry {

  /** Registers the finished run's artifact as a model version (idempotent); returns its id. */
  String registerFromRun(String runId);
}
