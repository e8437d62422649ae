package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A published message, buffered until its time to live runs out. */
public record MessageRecord(
    String name,
    String correlationKey,
    String messageId,
    long timeToLive,
    long deadline,
    String variables,
    String tenantId)
    implements RecordValue {

  public MessageRecord {
    name = name == null ? "" : name;
    correlationKey = correlationKey == null ? "" : correlationKey;
    messageId = messageId == null ? "" : messageId;
    variables = variables == null ? "" : variables;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static MessageRecord empty() {
    return new MessageRecord("", "", "", -1L, -1L, "", "");
  }

  public MessageRecord withName(String newValue) {
    return new MessageRecord(
        newValue, correlationKey, messageId, timeToLive, deadline, variables, tenantId);
  }

  public MessageRecord withCorrelationKey(String newValue) {
    return new MessageRecord(name, newValue, messageId, timeToLive, deadline, variables, tenantId);
  }

  public MessageRecord withMessageId(String newValue) {
    return new MessageRecord(
        name, correlationKey, newValue, timeToLive, deadline, variables, tenantId);
  }

  public MessageRecord withTimeToLive(long newValue) {
    return new MessageRecord(
        name, correlationKey, messageId, newValue, deadline, variables, tenantId);
  }

  public MessageRecord withDeadline(long newValue) {
    return new MessageRecord(
        name, correlationKey, messageId, timeToLive, newValue, variables, tenantId);
  }

  public MessageRecord withVariables(String newValue) {
    return new MessageRecord(
        name, correlationKey, messageId, timeToLive, deadline, newValue, tenantId);
  }

  public MessageRecord withTenantId(String newValue) {
    return new MessageRecord(
        name, correlationKey, messageId, timeToLive, deadline, variables, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(name);
    w.writeString(correlationKey);
    w.writeString(messageId);
    w.writeLong(timeToLive);
    w.writeLong(deadline);
    w.writeString(variables);
    w.writeString(tenantId);
  }

  public static MessageRecord read(BinaryReader r) {
    return new MessageRecord(
        r.readString(),
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readString());
  }
}
