package dev.millrace.engine.record;

import dev.millrace.engine.record.value.RecordValue;

/**
 * One entry of the engine's history: a command, the events it caused, or its rejection.
 *
 * @param position this record's place in the log (1, 2, ...), gap-free
 * @param sourcePosition position of the command that caused this record, or -1
 * @param key the entity the record is about (element instance, job, ...), or -1
 * @param timestamp engine clock, epoch millis, when it was processed
 */
public record Record(
    long position,
    long sourcePosition,
    long key,
    long timestamp,
    RecordType recordType,
    ValueType valueType,
    Intent intent,
    RejectionType rejectionType,
    String rejectionReason,
    RecordValue value) {

  public boolean isEvent() {
    return recordType == RecordType.EVENT;
  }

  public boolean isCommand() {
    return recordType == RecordType.COMMAND;
  }

  public boolean isRejection() {
    return recordType == RecordType.COMMAND_REJECTION;
  }

  @SuppressWarnings("unchecked")
  public <T extends RecordValue> T valueAs(Class<T> type) {
    return (T) value;
  }

  @Override
  public String toString() {
    return position
        + " "
        + recordType
        + " "
        + valueType
        + "."
        + intent.name()
        + " key="
        + key
        + (rejectionType != null ? " " + rejectionType + ": " + rejectionReason : "")
        + " "
        + value;
  }
}
