package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;

/** An element instance's lifecycle step (or a sequence flow taken). */
public record ProcessInstanceRecord(
    String bpmnProcessId,
    int version,
    long processDefinitionKey,
    long processInstanceKey,
    String elementId,
    long flowScopeKey,
    BpmnElementType bpmnElementType,
    BpmnEventType bpmnEventType,
    long parentProcessInstanceKey,
    long parentElementInstanceKey,
    String tenantId)
    implements RecordValue {

  public ProcessInstanceRecord {
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    elementId = elementId == null ? "" : elementId;
    bpmnElementType = bpmnElementType == null ? BpmnElementType.UNSPECIFIED : bpmnElementType;
    bpmnEventType = bpmnEventType == null ? BpmnEventType.UNSPECIFIED : bpmnEventType;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static ProcessInstanceRecord empty() {
    return new ProcessInstanceRecord(
        "",
        -1,
        -1L,
        -1L,
        "",
        -1L,
        BpmnElementType.UNSPECIFIED,
        BpmnEventType.UNSPECIFIED,
        -1L,
        -1L,
        "");
  }

  public ProcessInstanceRecord withBpmnProcessId(String newValue) {
    return new ProcessInstanceRecord(
        newValue,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withVersion(int newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        newValue,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withProcessDefinitionKey(long newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        newValue,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withProcessInstanceKey(long newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        newValue,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withElementId(String newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        newValue,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withFlowScopeKey(long newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        newValue,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withBpmnElementType(BpmnElementType newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        newValue,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withBpmnEventType(BpmnEventType newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        newValue,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withParentProcessInstanceKey(long newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        newValue,
        parentElementInstanceKey,
        tenantId);
  }

  public ProcessInstanceRecord withParentElementInstanceKey(long newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        newValue,
        tenantId);
  }

  public ProcessInstanceRecord withTenantId(String newValue) {
    return new ProcessInstanceRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        flowScopeKey,
        bpmnElementType,
        bpmnEventType,
        parentProcessInstanceKey,
        parentElementInstanceKey,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(bpmnProcessId);
    w.writeInt(version);
    w.writeLong(processDefinitionKey);
    w.writeLong(processInstanceKey);
    w.writeString(elementId);
    w.writeLong(flowScopeKey);
    w.writeEnum(bpmnElementType);
    w.writeEnum(bpmnEventType);
    w.writeLong(parentProcessInstanceKey);
    w.writeLong(parentElementInstanceKey);
    w.writeString(tenantId);
  }

  public static ProcessInstanceRecord read(BinaryReader r) {
    return new ProcessInstanceRecord(
        r.readString(),
        r.readInt(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readLong(),
        r.readEnum(BpmnElementType.values()),
        r.readEnum(BpmnEventType.values()),
        r.readLong(),
        r.readLong(),
        r.readString());
  }
}
