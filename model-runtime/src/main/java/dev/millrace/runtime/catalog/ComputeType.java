package dev.millrace.runtime.catalog;

/** Where a job runs. */
public enum ComputeType {
  CPU,
  GPU
}
