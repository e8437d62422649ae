package dev.millrace.engine.record;

/** SetVariables: LOCAL sets every variable on the given scope; PROPAGATE merges upwards. */
public enum VariableUpdateSemantics {
  LOCAL,
  PROPAGATE
}
