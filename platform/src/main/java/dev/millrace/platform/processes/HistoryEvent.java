package dev.millrace.platform.processes;

/**
 * What process history is made of, free of any engine's classes: the embedded engine's exporter
 * translates its records into these (engine.HistoryExporter); another source could too.
 *
 * <p>Every event carries the record's log {@code position} (increasing) and the engine's {@code
 * timestamp} (epoch millis).
 */
public sealed interface HistoryEvent {

  long position();

  long timestamp();

  /** Where an element instance (or the process instance itself) is in its lifecycle. */
  enum Lifecycle {
    ACTIVE,
    COMPLETED,
    TERMINATED
  }

  /**
   * An element instance changed state; {@code elementType} {@code PROCESS} is the instance itself.
   */
  record ElementEvent(
      long position,
      long timestamp,
      long processInstanceKey,
      long elementInstanceKey,
      String bpmnProcessId,
      int processVersion,
      long processDefinitionKey,
      long parentProcessInstanceKey,
      String elementId,
      String elementType,
      long flowScopeKey,
      Lifecycle lifecycle)
      implements HistoryEvent {

    public boolean isProcess() {
      return "PROCESS".equals(elementType);
    }
  }

  /** A variable was set on a scope (the process instance's key for its top-level variables). */
  record VariableEvent(
      long position,
      long timestamp,
      long processInstanceKey,
      long scopeKey,
      String bpmnProcessId,
      long processDefinitionKey,
      String name,
      String valueJson)
      implements HistoryEvent {}

  /** An incident was raised or resolved; {@code jobKey} is -1 when no job is involved. */
  record IncidentEvent(
      long position,
      long timestamp,
      long incidentKey,
      long processInstanceKey,
      String elementId,
      long elementInstanceKey,
      long jobKey,
      String errorType,
      String errorMessage,
      boolean resolved)
      implements HistoryEvent {}
}
