package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A signal start event or an element instance waiting for a signal. */
public record SignalSubscriptionRecord(
    String signalName,
    long processDefinitionKey,
    String bpmnProcessId,
    String catchEventId,
    long catchEventInstanceKey,
    boolean interrupting,
    String tenantId)
    implements RecordValue {

  public SignalSubscriptionRecord {
    signalName = signalName == null ? "" : signalName;
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    catchEventId = catchEventId == null ? "" : catchEventId;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static SignalSubscriptionRecord empty() {
    return new SignalSubscriptionRecord("", -1L, "", "", -1L, false, "");
  }

  public SignalSubscriptionRecord withSignalName(String newValue) {
    return new SignalSubscriptionRecord(
        newValue,
        processDefinitionKey,
        bpmnProcessId,
        catchEventId,
        catchEventInstanceKey,
        interrupting,
        tenantId);
  }

  public SignalSubscriptionRecord withProcessDefinitionKey(long newValue) {
    return new SignalSubscriptionRecord(
        signalName,
        newValue,
        bpmnProcessId,
        catchEventId,
        catchEventInstanceKey,
        interrupting,
        tenantId);
  }

  public SignalSubscriptionRecord withBpmnProcessId(String newValue) {
    return new SignalSubscriptionRecord(
        signalName,
        processDefinitionKey,
        newValue,
        catchEventId,
        catchEventInstanceKey,
        interrupting,
        tenantId);
  }

  public SignalSubscriptionRecord withCatchEventId(String newValue) {
    return new SignalSubscriptionRecord(
        signalName,
        processDefinitionKey,
        bpmnProcessId,
        newValue,
        catchEventInstanceKey,
        interrupting,
        tenantId);
  }

  public SignalSubscriptionRecord withCatchEventInstanceKey(long newValue) {
    return new SignalSubscriptionRecord(
        signalName,
        processDefinitionKey,
        bpmnProcessId,
        catchEventId,
        newValue,
        interrupting,
        tenantId);
  }

  public SignalSubscriptionRecord withInterrupting(boolean newValue) {
    return new SignalSubscriptionRecord(
        signalName,
        processDefinitionKey,
        bpmnProcessId,
        catchEventId,
        catchEventInstanceKey,
        newValue,
        tenantId);
  }

  public SignalSubscriptionRecord withTenantId(String newValue) {
    return new SignalSubscriptionRecord(
        signalName,
        processDefinitionKey,
        bpmnProcessId,
        catchEventId,
        catchEventInstanceKey,
        interrupting,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(signalName);
    w.writeLong(processDefinitionKey);
    w.writeString(bpmnProcessId);
    w.writeString(catchEventId);
    w.writeLong(catchEventInstanceKey);
    w.writeBoolean(interrupting);
    w.writeString(tenantId);
  }

  public static SignalSubscriptionRecord read(BinaryReader r) {
    return new SignalSubscriptionRecord(
        r.readString(),
        r.readLong(),
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readBoolean(),
        r.readString());
  }
}
