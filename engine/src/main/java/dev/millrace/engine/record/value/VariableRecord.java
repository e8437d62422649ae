package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A variable set on a scope; the value is JSON text. */
public record VariableRecord(
    String name,
    String value,
    long scopeKey,
    long processInstanceKey,
    long processDefinitionKey,
    String bpmnProcessId,
    String tenantId)
    implements RecordValue {

  public VariableRecord {
    name = name == null ? "" : name;
    value = value == null ? "" : value;
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static VariableRecord empty() {
    return new VariableRecord("", "", -1L, -1L, -1L, "", "");
  }

  public VariableRecord withName(String newValue) {
    return new VariableRecord(
        newValue,
        value,
        scopeKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        tenantId);
  }

  public VariableRecord withValue(String newValue) {
    return new VariableRecord(
        name,
        newValue,
        scopeKey,
        processInstanceKey,
        processDefinitionKey,
        bpmnProcessId,
        tenantId);
  }

  public VariableRecord withScopeKey(long newValue) {
    return new VariableRecord(
        name, value, newValue, processInstanceKey, processDefinitionKey, bpmnProcessId, tenantId);
  }

  public VariableRecord withProcessInstanceKey(long newValue) {
    return new VariableRecord(
        name, value, scopeKey, newValue, processDefinitionKey, bpmnProcessId, tenantId);
  }

  public VariableRecord withProcessDefinitionKey(long newValue) {
    return new VariableRecord(
        name, value, scopeKey, processInstanceKey, newValue, bpmnProcessId, tenantId);
  }

  public VariableRecord withBpmnProcessId(String newValue) {
    return new VariableRecord(
        name, value, scopeKey, processInstanceKey, processDefinitionKey, newValue, tenantId);
  }

  public VariableRecord withTenantId(String newValue) {
    return new VariableRecord(
        name, value, scopeKey, processInstanceKey, processDefinitionKey, bpmnProcessId, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(name);
    w.writeString(value);
    w.writeLong(scopeKey);
    w.writeLong(processInstanceKey);
    w.writeLong(processDefinitionKey);
    w.writeString(bpmnProcessId);
    w.writeString(tenantId);
  }

  public static VariableRecord read(BinaryReader r) {
    return new VariableRecord(
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readString());
  }
}
