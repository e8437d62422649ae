package dev.millrace.engine.record;

/** Event definition kinds. Stored by ordinal: append only. */
public enum BpmnEventType {
  UNSPECIFIED,
  NONE,
  MESSAGE,
  TIMER,
  ERROR,
  SIGNAL,
  TERMINATE,
  ESCALATION,
  LINK,
  COMPENSATION,
  CONDITIONAL
}
