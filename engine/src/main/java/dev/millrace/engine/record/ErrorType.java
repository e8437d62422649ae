package dev.millrace.engine.record;

/** Incident kinds, named as Zeebe names them. Stored by ordinal: append only. */
public enum ErrorType {
  UNKNOWN,
  IO_MAPPING_ERROR,
  JOB_NO_RETRIES,
  CONDITION_ERROR,
  EXTRACT_VALUE_ERROR,
  CALLED_ELEMENT_ERROR,
  UNHANDLED_ERROR_EVENT,
  MESSAGE_SIZE_EXCEEDED,
  CALLED_DECISION_ERROR,
  DECISION_EVALUATION_ERROR,
  FORM_NOT_FOUND,
  RESOURCE_NOT_FOUND
}
