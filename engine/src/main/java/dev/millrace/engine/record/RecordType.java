package dev.millrace.engine.record;

public enum RecordType {
  COMMAND,
  EVENT,
  COMMAND_REJECTION
}
