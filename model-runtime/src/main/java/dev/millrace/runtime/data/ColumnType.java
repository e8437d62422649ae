package dev.millrace.runtime.data;

/** What schema inference decided a column holds. */
public enum ColumnType {
  NUMERIC,
  CATEGORICAL,
  BOOLEAN
}
