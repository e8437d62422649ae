package dev.millrace.engine.state;

import dev.millrace.engine.bpmn.model.BpmnTransformer;
import dev.millrace.engine.bpmn.model.ExecutableProcess;
import dev.millrace.engine.record.value.ProcessRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Deployed process definitions by key, and by process id and version. */
public final class ProcessState {

  private final BpmnTransformer transformer;
  private final Map<Long, ProcessDefinition> byKey = new HashMap<>();
  private final Map<String, TreeMap<Integer, ProcessDefinition>> byId = new HashMap<>();
  private final Map<Long, Map<String, Long>> deployments = new HashMap<>();
  // One transform per resource even when it holds several processes.
  private final Map<String, Map<String, ExecutableProcess>> transformedByChecksum = new HashMap<>();

  ProcessState(BpmnTransformer transformer) {
    this.transformer = transformer;
  }

  void put(ProcessRecord record) {
    var executables =
        transformedByChecksum.computeIfAbsent(
            record.resourceName() + "#" + record.checksum(),
            k -> {
              var map = new HashMap<String, ExecutableProcess>();
              transformer
                  .transform(record.resourceName(), record.resource())
                  .forEach(t -> map.put(t.process().bpmnProcessId(), t.process()));
              return map;
            });
    ExecutableProcess executable = executables.get(record.bpmnProcessId());
    if (executable == null) {
      throw new IllegalStateException(
          "resource "
              + record.resourceName()
              + " no longer holds process "
              + record.bpmnProcessId());
    }
    var definition = new ProcessDefinition(record, executable);
    byKey.put(record.processDefinitionKey(), definition);
    byId.computeIfAbsent(record.bpmnProcessId(), k -> new TreeMap<>())
        .put(record.version(), definition);
  }

  /**
   * Seeds the transform cache with what the deployment processor already built, so applying the
   * PROCESS CREATED event does not parse the same XML again. Pure cache: replay rebuilds it.
   */
  public void rememberTransformedFor(
      String resourceName, String checksum, Map<String, ExecutableProcess> processes) {
    transformedByChecksum.put(resourceName + "#" + checksum, processes);
  }

  public ProcessDefinition byKey(long key) {
    return byKey.get(key);
  }

  public ProcessDefinition latest(String bpmnProcessId) {
    var versions = byId.get(bpmnProcessId);
    return versions == null || versions.isEmpty() ? null : versions.lastEntry().getValue();
  }

  public ProcessDefinition version(String bpmnProcessId, int version) {
    var versions = byId.get(bpmnProcessId);
    return versions == null ? null : versions.get(version);
  }

  public ProcessDefinition latestWithVersionTag(String bpmnProcessId, String versionTag) {
    var versions = byId.get(bpmnProcessId);
    if (versions == null) {
      return null;
    }
    for (var definition : versions.descendingMap().values()) {
      if (versionTag.equals(definition.record().versionTag())) {
        return definition;
      }
    }
    return null;
  }

  void putDeployment(long deploymentKey, Map<String, Long> processKeysById) {
    deployments.put(deploymentKey, Map.copyOf(processKeysById));
  }

  /**
   * The version of {@code bpmnProcessId} that was part of deployment {@code deploymentKey}, even if
   * it was a duplicate there (binding type "deployment").
   */
  public ProcessDefinition inDeployment(String bpmnProcessId, long deploymentKey) {
    Long key = deployments.getOrDefault(deploymentKey, Map.of()).get(bpmnProcessId);
    return key == null ? null : byKey.get(key);
  }

  Map<Long, Map<String, Long>> deployments() {
    return deployments;
  }

  public Collection<ProcessDefinition> all() {
    return byKey.values();
  }
}
