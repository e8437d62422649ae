package dev.millrace.engine.record;

/** Why a command was refused; the gateway maps each to a gRPC status code as Zeebe does. */
public enum RejectionType {
  INVALID_ARGUMENT,
  NOT_FOUND,
  ALREADY_EXISTS,
  INVALID_STATE,
  PROCESSING_ERROR,
  EXCEEDED_BATCH_RECORD_SIZE,
  /** Never logged: the engine could not take the command (inbox or disk full). */
  RESOURCE_EXHAUSTED
}
