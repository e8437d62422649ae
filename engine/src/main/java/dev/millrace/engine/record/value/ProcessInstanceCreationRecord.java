package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import java.util.List;

/** A request to start a process instance, and its outcome. */
public record ProcessInstanceCreationRecord(
    String bpmnProcessId,
    int version,
    long processDefinitionKey,
    long processInstanceKey,
    String variables,
    List<String> fetchVariables,
    String startElementId,
    String tenantId)
    implements RecordValue {

  public ProcessInstanceCreationRecord {
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    variables = variables == null ? "" : variables;
    fetchVariables = fetchVariables == null ? List.of() : List.copyOf(fetchVariables);
    startElementId = startElementId == null ? "" : startElementId;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static ProcessInstanceCreationRecord empty() {
    return new ProcessInstanceCreationRecord("", -1, -1L, -1L, "", List.of(), "", "");
  }

  public ProcessInstanceCreationRecord withBpmnProcessId(String newValue) {
    return new ProcessInstanceCreationRecord(
        newValue,
        version,
        processDefinitionKey,
        processInstanceKey,
        variables,
        fetchVariables,
        startElementId,
        tenantId);
  }

  public ProcessInstanceCreationRecord withVersion(int newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        newValue,
        processDefinitionKey,
        processInstanceKey,
        variables,
        fetchVariables,
        startElementId,
        tenantId);
  }

  public ProcessInstanceCreationRecord withProcessDefinitionKey(long newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        version,
        newValue,
        processInstanceKey,
        variables,
        fetchVariables,
        startElementId,
        tenantId);
  }

  public ProcessInstanceCreationRecord withProcessInstanceKey(long newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        newValue,
        variables,
        fetchVariables,
        startElementId,
        tenantId);
  }

  public ProcessInstanceCreationRecord withVariables(String newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        newValue,
        fetchVariables,
        startElementId,
        tenantId);
  }

  public ProcessInstanceCreationRecord withFetchVariables(List<String> newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        variables,
        newValue,
        startElementId,
        tenantId);
  }

  public ProcessInstanceCreationRecord withStartElementId(String newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        variables,
        fetchVariables,
        newValue,
        tenantId);
  }

  public ProcessInstanceCreationRecord withTenantId(String newValue) {
    return new ProcessInstanceCreationRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        variables,
        fetchVariables,
        startElementId,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(bpmnProcessId);
    w.writeInt(version);
    w.writeLong(processDefinitionKey);
    w.writeLong(processInstanceKey);
    w.writeString(variables);
    w.writeStringList(fetchVariables);
    w.writeString(startElementId);
    w.writeString(tenantId);
  }

  public static ProcessInstanceCreationRecord read(BinaryReader r) {
    return new ProcessInstanceCreationRecord(
        r.readString(),
        r.readInt(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readStringList(),
        r.readString(),
        r.readString());
  }
}
