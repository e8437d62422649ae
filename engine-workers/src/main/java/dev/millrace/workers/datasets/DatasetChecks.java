package dev.millrace.workers.datasets;

/** Checks a dataset before compute is spent on it. */
public interface DatasetChecks {

  /** Throws an INVALID_DATASET failure naming line, column and problem. */
  void validateForTraining(String tenantId, String datasetId, String target, String catalogEntry);
}
