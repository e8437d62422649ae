package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/**
 * An event (message, timer, signal, error) triggered on a scope, to be taken by a catching element.
 */
public record ProcessEventRecord(
    long scopeKey,
    String targetElementId,
    String variables,
    long processDefinitionKey,
    long processInstanceKey,
    String tenantId)
    implements RecordValue {

  public ProcessEventRecord {
    targetElementId = targetElementId == null ? "" : targetElementId;
    variables = variables == null ? "" : variables;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static ProcessEventRecord empty() {
    return new ProcessEventRecord(-1L, "", "", -1L, -1L, "");
  }

  public ProcessEventRecord withScopeKey(long newValue) {
    return new ProcessEventRecord(
        newValue, targetElementId, variables, processDefinitionKey, processInstanceKey, tenantId);
  }

  public ProcessEventRecord withTargetElementId(String newValue) {
    return new ProcessEventRecord(
        scopeKey, newValue, variables, processDefinitionKey, processInstanceKey, tenantId);
  }

  public ProcessEventRecord withVariables(String newValue) {
    return new ProcessEventRecord(
        scopeKey, targetElementId, newValue, processDefinitionKey, processInstanceKey, tenantId);
  }

  public ProcessEventRecord withProcessDefinitionKey(long newValue) {
    return new ProcessEventRecord(
        scopeKey, targetElementId, variables, newValue, processInstanceKey, tenantId);
  }

  public ProcessEventRecord withProcessInstanceKey(long newValue) {
    return new ProcessEventRecord(
        scopeKey, targetElementId, variables, processDefinitionKey, newValue, tenantId);
  }

  public ProcessEventRecord withTenantId(String newValue) {
    return new ProcessEventRecord(
        scopeKey, targetElementId, variables, processDefinitionKey, processInstanceKey, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeLong(scopeKey);
    w.writeString(targetElementId);
    w.writeString(variables);
    w.writeLong(processDefinitionKey);
    w.writeLong(processInstanceKey);
    w.writeString(tenantId);
  }

  public static ProcessEventRecord read(BinaryReader r) {
    return new ProcessEventRecord(
        r.readLong(), r.readString(), r.readString(), r.readLong(), r.readLong(), r.readString());
  }
}
