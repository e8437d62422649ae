package dev.millrace.runtime.data;

/** What a model predicts: a class among labels, or a number. */
public enum Task {
  CLASSIFICATION,
  REGRESSION
}
