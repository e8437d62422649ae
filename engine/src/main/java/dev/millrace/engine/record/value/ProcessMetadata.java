package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** One process of a deployment, as the deploy response reports it. */
public record ProcessMetadata(
    String bpmnProcessId,
    int version,
    long processDefinitionKey,
    String resourceName,
    String checksum,
    boolean duplicate,
    String versionTag,
    long deploymentKey,
    String tenantId) {

  public ProcessMetadata {
    bpmnProcessId = bpmnProcessId == null ? "" : bpmnProcessId;
    resourceName = resourceName == null ? "" : resourceName;
    checksum = checksum == null ? "" : checksum;
    versionTag = versionTag == null ? "" : versionTag;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static ProcessMetadata empty() {
    return new ProcessMetadata("", -1, -1L, "", "", false, "", -1L, "");
  }

  public ProcessMetadata withBpmnProcessId(String newValue) {
    return new ProcessMetadata(
        newValue,
        version,
        processDefinitionKey,
        resourceName,
        checksum,
        duplicate,
        versionTag,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withVersion(int newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        newValue,
        processDefinitionKey,
        resourceName,
        checksum,
        duplicate,
        versionTag,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withProcessDefinitionKey(long newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        newValue,
        resourceName,
        checksum,
        duplicate,
        versionTag,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withResourceName(String newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        processDefinitionKey,
        newValue,
        checksum,
        duplicate,
        versionTag,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withChecksum(String newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        newValue,
        duplicate,
        versionTag,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withDuplicate(boolean newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        checksum,
        newValue,
        versionTag,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withVersionTag(String newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        checksum,
        duplicate,
        newValue,
        deploymentKey,
        tenantId);
  }

  public ProcessMetadata withDeploymentKey(long newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        checksum,
        duplicate,
        versionTag,
        newValue,
        tenantId);
  }

  public ProcessMetadata withTenantId(String newValue) {
    return new ProcessMetadata(
        bpmnProcessId,
        version,
        processDefinitionKey,
        resourceName,
        checksum,
        duplicate,
        versionTag,
        deploymentKey,
        newValue);
  }

  public void write(BinaryWriter w) {
    w.writeString(bpmnProcessId);
    w.writeInt(version);
    w.writeLong(processDefinitionKey);
    w.writeString(resourceName);
    w.writeString(checksum);
    w.writeBoolean(duplicate);
    w.writeString(versionTag);
    w.writeLong(deploymentKey);
    w.writeString(tenantId);
  }

  public static ProcessMetadata read(BinaryReader r) {
    return new ProcessMetadata(
        r.readString(),
        r.readInt(),
        r.readLong(),
        r.readString(),
        r.readString(),
        r.readBoolean(),
        r.readString(),
        r.readLong(),
        r.readString());
  }
}
