package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A process definition version; carries its BPMN so replay can rebuild it. */
public record ProcessRecord(
    String bpmnProcessId,
    int version,
    long processDefinitionKey,
    String resourceName,
    byte[] resource,
    String checksum,
    long deploymentKey,
    String versionTag,
    String tenantId)
    implements RecordValue {

  public ProcessRecord {
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    resourceName = resourceName == null ? "" : resourceName;
    resource = resource == null ? new byte[0] : resource;
    checksum = checksum == null ? "" : checksum;
    versionTag = versionTag == null ? "" : versionTag;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static ProcessRecord empty() {
    return new ProcessRecord("", -1, -1L, "", new byte[0], "", -1L, "", "");
  }

  public ProcessRecord withBpmnProcessId(String newValue) {
    return new ProcessRecord(
        newValue,
        version,
        processDefinitionKey,
        resourceName,
        resource,
        checksum,
        deploymentKey,
        versionTag,
        tenantId);
  }

  public ProcessRecord withVersion(int newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        newValue,
        processDefinitionKey,
        resourceName,
        resource,
        checksum,
        deploymentKey,
        versionTag,
        tenantId);
  }

  public ProcessRecord withProcessDefinitionKey(long newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        newValue,
        resourceName,
        resource,
        checksum,
        deploymentKey,
        versionTag,
        tenantId);
  }

  public ProcessRecord withResourceName(String newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        newValue,
        resource,
        checksum,
        deploymentKey,
        versionTag,
        tenantId);
  }

  public ProcessRecord withResource(byte[] newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        newValue,
        checksum,
        deploymentKey,
        versionTag,
        tenantId);
  }

  public ProcessRecord withChecksum(String newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        resource,
        newValue,
        deploymentKey,
        versionTag,
        tenantId);
  }

  public ProcessRecord withDeploymentKey(long newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        resource,
        checksum,
        newValue,
        versionTag,
        tenantId);
  }

  public ProcessRecord withVersionTag(String newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        resource,
        checksum,
        deploymentKey,
        newValue,
        tenantId);
  }

  public ProcessRecord withTenantId(String newValue) {
    return new ProcessRecord(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        resource,
        checksum,
        deploymentKey,
        versionTag,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(bpmnProcessId);
    w.writeInt(version);
    w.writeLong(processDefinitionKey);
    w.writeString(resourceName);
    w.writeBytes(resource);
    w.writeString(checksum);
    w.writeLong(deploymentKey);
    w.writeString(versionTag);
    w.writeString(tenantId);
  }

  public static ProcessRecord read(BinaryReader r) {
    return new ProcessRecord(
        r.readString(),
        r.readInt(),
        r.readLong(),
        r.readString(),
        r.readBytes(),
        r.readString(),
        r.readLong(),
        r.readString(),
        r.readString());
  }
}
