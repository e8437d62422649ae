package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A deployed file: its name and bytes. */
public record DeploymentResource(String resourceName, byte[] resource) {

  public DeploymentResource {
    resourceName = resourceName == null ? "" : resourceName;
    resource = resource == null ? new byte[0] : resource;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static DeploymentResource empty() {
    return new DeploymentResource("", new byte[0]);
  }

  public DeploymentResource withResourceName(String newValue) {
    return new DeploymentResource(newValue, resource);
  }

  public DeploymentResource withResource(byte[] newValue) {
    return new DeploymentResource(resourceName, newValue);
  }

  public void write(BinaryWriter w) {
    w.writeString(resourceName);
    w.writeBytes(resource);
  }

  public static DeploymentResource read(BinaryReader r) {
    return new DeploymentResource(r.readString(), r.readBytes());
  }
}
