package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import java.util.Map;

/** A unit of work for a job worker. */
public record JobRecord(
    String type,
    String worker,
    int retries,
    long deadline,
    long timeout,
    long retryBackoff,
    long recurringTime,
    String errorMessage,
    String errorCode,
    Map<String, String> customHeaders,
    String variables,
    String elementId,
    long elementInstanceKey,
    long processInstanceKey,
    String bpmnProcessId,
    int processDefinitionVersion,
    long processDefinitionKey,
    String tenantId)
    implements RecordValue {

  public JobRecord {
    type = type == null ? "" : type;
    worker = worker == null ? "" : worker;
    errorMessage = errorMessage == null ? "" : errorMessage;
    errorCode = errorCode == null ? "" : errorCode;
    customHeaders = customHeaders == null ? Map.of() : customHeaders;
    variables = variables == null ? "" : variables;
    elementId = elementId == null ? "" : elementId;
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static JobRecord empty() {
    return new JobRecord(
        "", "", -1, -1L, -1L, -1L, -1L, "", "", Map.of(), "", "", -1L, -1L, "", -1, -1L, "");
  }

  public JobRecord withType(String newValue) {
    return new JobRecord(
        newValue,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withWorker(String newValue) {
    return new JobRecord(
        type,
        newValue,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withRetries(int newValue) {
    return new JobRecord(
        type,
        worker,
        newValue,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withDeadline(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        newValue,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withTimeout(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        newValue,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withRetryBackoff(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        newValue,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withRecurringTime(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        newValue,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withErrorMessage(String newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        newValue,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withErrorCode(String newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        newValue,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withCustomHeaders(Map<String, String> newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        newValue,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withVariables(String newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        newValue,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withElementId(String newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        newValue,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withElementInstanceKey(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        newValue,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withProcessInstanceKey(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        newValue,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withBpmnProcessId(String newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        newValue,
        processDefinitionVersion,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withProcessDefinitionVersion(int newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        newValue,
        processDefinitionKey,
        tenantId);
  }

  public JobRecord withProcessDefinitionKey(long newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        newValue,
        tenantId);
  }

  public JobRecord withTenantId(String newValue) {
    return new JobRecord(
        type,
        worker,
        retries,
        deadline,
        timeout,
        retryBackoff,
        recurringTime,
        errorMessage,
        errorCode,
        customHeaders,
        variables,
        elementId,
        elementInstanceKey,
        processInstanceKey,
        bpmnProcessId,
        processDefinitionVersion,
        processDefinitionKey,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(type);
    w.writeString(worker);
    w.writeInt(retries);
    w.writeLong(deadline);
    w.writeLong(timeout);
    w.writeLong(retryBackoff);
    w.writeLong(recurringTime);
    w.writeString(errorMessage);
    w.writeString(errorCode);
    w.writeStringMap(customHeaders);
    w.writeString(variables);
    w.writeString(elementId);
    w.writeLong(elementInstanceKey);
    w.writeLong(processInstanceKey);
    w.writeString(bpmnProcessId);
    w.writeInt(processDefinitionVersion);
    w.writeLong(processDefinitionKey);
    w.writeString(tenantId);
  }

  public static JobRecord read(BinaryReader r) {
    return new JobRecord(
        r.readString(),
        r.readString(),
        r.readInt(),
        r.readLong(),
        r.readLong(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readString(),
        r.readStringMap(),
        r.readString(),
        r.readString(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readInt(),
        r.readLong(),
        r.readString());
  }
}
