package dev.millrace.runtime.catalog;

/** The code that trains an entry. */
public enum ModelFamily {
  MLP,
  BOOSTED_TREES,
  CNN
}
