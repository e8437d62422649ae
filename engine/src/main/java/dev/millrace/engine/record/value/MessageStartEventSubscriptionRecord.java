package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A process definition's message start event waiting for a message. */
public record MessageStartEventSubscriptionRecord(
    long processDefinitionKey,
    String bpmnProcessId,
    String startEventId,
    String messageName,
    long messageKey,
    String correlationKey,
    long processInstanceKey,
    String variables,
    String tenantId)
    implements RecordValue {

  public MessageStartEventSubscriptionRecord {
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    startEventId = startEventId == null ? "" : startEventId;
    messageName = messageName == null ? "" : messageName;
    correlationKey = correlationKey == null ? "" : correlationKey;
    variables = variables == null ? "" : variables;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static MessageStartEventSubscriptionRecord empty() {
    return new MessageStartEventSubscriptionRecord(-1L, "", "", "", -1L, "", -1L, "", "");
  }

  public MessageStartEventSubscriptionRecord withProcessDefinitionKey(long newValue) {
    return new MessageStartEventSubscriptionRecord(
        newValue,
        bpmnProcessId,
        startEventId,
        messageName,
        messageKey,
        correlationKey,
        processInstanceKey,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withBpmnProcessId(String newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        newValue,
        startEventId,
        messageName,
        messageKey,
        correlationKey,
        processInstanceKey,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withStartEventId(String newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        newValue,
        messageName,
        messageKey,
        correlationKey,
        processInstanceKey,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withMessageName(String newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        startEventId,
        newValue,
        messageKey,
        correlationKey,
        processInstanceKey,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withMessageKey(long newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        startEventId,
        messageName,
        newValue,
        correlationKey,
        processInstanceKey,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withCorrelationKey(String newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        startEventId,
        messageName,
        messageKey,
        newValue,
        processInstanceKey,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withProcessInstanceKey(long newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        startEventId,
        messageName,
        messageKey,
        correlationKey,
        newValue,
        variables,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withVariables(String newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        startEventId,
        messageName,
        messageKey,
        correlationKey,
        processInstanceKey,
        newValue,
        tenantId);
  }

  public MessageStartEventSubscriptionRecord withTenantId(String newValue) {
    return new MessageStartEventSubscriptionRecord(
        processDefinitionKey,
        bpmnProcessId,
        startEventId,
        messageName,
        messageKey,
        correlationKey,
        processInstanceKey,
        variables,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeLong(processDefinitionKey);
    w.writeString(bpmnProcessId);
    w.writeString(startEventId);
    w.writeString(messageName);
    w.writeLong(messageKey);
    w.writeString(correlationKey);
    w.writeLong(processInstanceKey);
    w.writeString(variables);
    w.writeString(tenantId);
  }

  public static MessageStartEventSubscriptionRecord read(BinaryReader r) {
    return new MessageStartEventSubscriptionRecord(
        r.readLong(),
        r.readString(),
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readString(),
        r.readLong(),
        r.readString(),
        r.readString());
  }
}
