package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** An element instance waiting for a message. */
public record MessageSubscriptionRecord(
    long processInstanceKey,
    long elementInstanceKey,
    String bpmnProcessId,
    long processDefinitionKey,
    String messageName,
    String correlationKey,
    long messageKey,
    String variables,
    boolean interrupting,
    String elementId,
    String tenantId)
    implements RecordValue {

  public MessageSubscriptionRecord {
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    messageName = messageName == null ? "" : messageName;
    correlationKey = correlationKey == null ? "" : correlationKey;
    variables = variables == null ? "" : variables;
    elementId = elementId == null ? "" : elementId;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static MessageSubscriptionRecord empty() {
    return new MessageSubscriptionRecord(-1L, -1L, "", -1L, "", "", -1L, "", false, "", "");
  }

  public MessageSubscriptionRecord withProcessInstanceKey(long newValue) {
    return new MessageSubscriptionRecord(
        newValue,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withElementInstanceKey(long newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        newValue,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withBpmnProcessId(String newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        newValue,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withProcessDefinitionKey(long newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        newValue,
        messageName,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withMessageName(String newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        newValue,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withCorrelationKey(String newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        newValue,
        messageKey,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withMessageKey(long newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        newValue,
        variables,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withVariables(String newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        newValue,
        interrupting,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withInterrupting(boolean newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        variables,
        newValue,
        elementId,
        tenantId);
  }

  public MessageSubscriptionRecord withElementId(String newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        newValue,
        tenantId);
  }

  public MessageSubscriptionRecord withTenantId(String newValue) {
    return new MessageSubscriptionRecord(
        processInstanceKey,
        elementInstanceKey,
        bpmnProcessId,
        processDefinitionKey,
        messageName,
        correlationKey,
        messageKey,
        variables,
        interrupting,
        elementId,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeLong(processInstanceKey);
    w.writeLong(elementInstanceKey);
    w.writeString(bpmnProcessId);
    w.writeLong(processDefinitionKey);
    w.writeString(messageName);
    w.writeString(correlationKey);
    w.writeLong(messageKey);
    w.writeString(variables);
    w.writeBoolean(interrupting);
    w.writeString(elementId);
    w.writeString(tenantId);
  }

  public static MessageSubscriptionRecord read(BinaryReader r) {
    return new MessageSubscriptionRecord(
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readLong(),
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readString(),
        r.readBoolean(),
        r.readString(),
        r.readString());
  }
}
