package dev.millrace.conformance.engine;

/** The lifecycle state of a process instance as the inspector sees it. */
public enum ProcessInstanceState {
  /** Created and not ended; an instance with an open incident is still ACTIVE. */
  ACTIVE,
  /** Reached its end (including by a terminate end event, which completes the instance). */
  COMPLETED,
  /** Cancelled, e.g. by CancelProcessInstance or the termination of its parent. */
  TERMINATED,
  /** The inspector knows no instance with that key (yet). */
  UNKNOWN
}
