package dev.millrace.runtime.data;

/** What to do with a missing feature value, in training and in serving alike. */
public enum MissingValues {
  /** Numeric and boolean: the training mean; categorical: no category. */
  IMPUTE,
  /** Refuse the row, naming the line and column (or the request field). */
  REJECT
}
