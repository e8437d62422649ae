package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A deployment of one or more resources. */
public record DeploymentRecord(
    List<DeploymentResource> resources, List<ProcessMetadata> processes, String tenantId)
    implements RecordValue {

  public DeploymentRecord {
    resources = resources == null ? List.of() : List.copyOf(resources);
    processes = processes == null ? List.of() : List.copyOf(processes);
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static DeploymentRecord empty() {
    return new DeploymentRecord(List.of(), List.of(), "");
  }

  public DeploymentRecord withResources(List<DeploymentResource> newValue) {
    return new DeploymentRecord(newValue, processes, tenantId);
  }

  public DeploymentRecord withProcesses(List<ProcessMetadata> newValue) {
    return new DeploymentRecord(resources, newValue, tenantId);
  }

  public DeploymentRecord withTenantId(String newValue) {
    return new DeploymentRecord(resources, processes, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeInt(resources.size());
    for (var item : resources) {
      item.write(w);
    }
    w.writeInt(processes.size());
    for (var item : processes) {
      item.write(w);
    }
    w.writeString(tenantId);
  }

  public static DeploymentRecord read(BinaryReader r) {
    return new DeploymentRecord(
        readList(r, DeploymentResource::read), readList(r, ProcessMetadata::read), r.readString());
  }

  private static <T> List<T> readList(BinaryReader r, Function<BinaryReader, T> reader) {
    int n = r.readInt();
    var list = new ArrayList<T>(n);
    for (int i = 0; i < n; i++) {
      list.add(reader.apply(r));
    }
    return list;
  }
}
