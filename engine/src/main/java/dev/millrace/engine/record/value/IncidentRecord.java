package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.ErrorType;

/** A problem that stops an element until someone resolves it. */
public record IncidentRecord(
    ErrorType errorType,
    String errorMessage,
    String bpmnProcessId,
    long processDefinitionKey,
    long processInstanceKey,
    String elementId,
    long elementInstanceKey,
    long jobKey,
    long variableScopeKey,
    String tenantId)
    implements RecordValue {

  public IncidentRecord {
    errorType = errorType == null ? ErrorType.UNKNOWN : errorType;
    errorMessage = errorMessage == null ? "" : errorMessage;
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    elementId = elementId == null ? "" : elementId;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static IncidentRecord empty() {
    return new IncidentRecord(ErrorType.UNKNOWN, "", "", -1L, -1L, "", -1L, -1L, -1L, "");
  }

  public IncidentRecord withErrorType(ErrorType newValue) {
    return new IncidentRecord(
        newValue,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withErrorMessage(String newValue) {
    return new IncidentRecord(
        errorType,
        newValue,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withBpmnProcessId(String newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        newValue,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withProcessDefinitionKey(long newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        newValue,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withProcessInstanceKey(long newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        newValue,
        elementId,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withElementId(String newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        newValue,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withElementInstanceKey(long newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        newValue,
        jobKey,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withJobKey(long newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        newValue,
        variableScopeKey,
        tenantId);
  }

  public IncidentRecord withVariableScopeKey(long newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        jobKey,
        newValue,
        tenantId);
  }

  public IncidentRecord withTenantId(String newValue) {
    return new IncidentRecord(
        errorType,
        errorMessage,
        bpmnProcessId,
        processDefinitionKey,
        processInstanceKey,
        elementId,
        elementInstanceKey,
        jobKey,
        variableScopeKey,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeEnum(errorType);
    w.writeString(errorMessage);
    w.writeString(bpmnProcessId);
    w.writeLong(processDefinitionKey);
    w.writeLong(processInstanceKey);
    w.writeString(elementId);
    w.writeLong(elementInstanceKey);
    w.writeLong(jobKey);
    w.writeLong(variableScopeKey);
    w.writeString(tenantId);
  }

  public static IncidentRecord read(BinaryReader r) {
    return new IncidentRecord(
        r.readEnum(ErrorType.values()),
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readLong(),
        r.readLong(),
        r.readLong(),
        r.readString());
  }
}
