package dev.millrace.conformance.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ProcessInspector} built from an engine's exported records, for engines that export
 * Zeebe-style records (element lifecycle events, incidents, variables) in order. The engine's
 * runner feeds it from its exporter; the suites read it.
 *
 * <p>Element types are Zeebe's {@code BpmnElementType} names; the process itself is the element
 * whose key is the process instance key.
 */
public final class InstanceHistory implements ProcessInspector {

  /** The element lifecycle events the inspector needs (Zeebe's ELEMENT_ACTIVATED, ...). */
  public enum ElementEvent {
    ACTIVATED,
    COMPLETED,
    TERMINATED
  }

  /** Types that are containers or bookkeeping, not steps on a path. */
  private static final Set<String> NOT_ON_THE_PATH =
      Set.of("PROCESS", "MULTI_INSTANCE_BODY", "SEQUENCE_FLOW");

  private final Map<Long, Instance> instances = new LinkedHashMap<>();

  /** Feeds one element lifecycle event, in log order. */
  public synchronized void element(
      long processInstanceKey,
      long elementInstanceKey,
      String elementId,
      String elementType,
      ElementEvent event) {
    Instance instance = instances.computeIfAbsent(processInstanceKey, key -> new Instance());
    if (elementInstanceKey == processInstanceKey || "PROCESS".equals(elementType)) {
      instance.state =
          switch (event) {
            case ACTIVATED -> ProcessInstanceState.ACTIVE;
            case COMPLETED -> ProcessInstanceState.COMPLETED;
            case TERMINATED -> ProcessInstanceState.TERMINATED;
          };
      return;
    }
    if (NOT_ON_THE_PATH.contains(elementType)) {
      return;
    }
    switch (event) {
      case ACTIVATED -> instance.active.put(elementInstanceKey, elementId);
      case COMPLETED -> {
        instance.active.remove(elementInstanceKey);
        instance.completed.add(elementId);
      }
      case TERMINATED -> instance.active.remove(elementInstanceKey);
    }
  }

  public synchronized void incidentCreated(long processInstanceKey, IncidentView incident) {
    instances
        .computeIfAbsent(processInstanceKey, key -> new Instance())
        .incidents
        .put(incident.key(), incident);
  }

  public synchronized void incidentResolved(long processInstanceKey, long incidentKey) {
    Instance instance = instances.get(processInstanceKey);
    if (instance != null) {
      instance.incidents.remove(incidentKey);
    }
  }

  /** Feeds a variable creation or update; only root-scope variables are kept. */
  public synchronized void variable(
      long processInstanceKey, long scopeKey, String name, String jsonValue) {
    if (scopeKey == processInstanceKey) {
      instances
          .computeIfAbsent(processInstanceKey, key -> new Instance())
          .variables
          .put(name, jsonValue);
    }
  }

  @Override
  public synchronized ProcessInstanceState state(long processInstanceKey) {
    Instance instance = instances.get(processInstanceKey);
    return instance == null ? ProcessInstanceState.UNKNOWN : instance.state;
  }

  @Override
  public synchronized List<IncidentView> incidents(long processInstanceKey) {
    Instance instance = instances.get(processInstanceKey);
    return instance == null ? List.of() : List.copyOf(instance.incidents.values());
  }

  @Override
  public synchronized List<String> activeElementIds(long processInstanceKey) {
    Instance instance = instances.get(processInstanceKey);
    return instance == null ? List.of() : List.copyOf(instance.active.values());
  }

  @Override
  public synchronized List<String> completedElementIds(long processInstanceKey) {
    Instance instance = instances.get(processInstanceKey);
    return instance == null ? List.of() : List.copyOf(instance.completed);
  }

  @Override
  public synchronized Map<String, Object> variables(long processInstanceKey) {
    Instance instance = instances.get(processInstanceKey);
    if (instance == null) {
      return Map.of();
    }
    Map<String, Object> decoded = new LinkedHashMap<>();
    instance.variables.forEach((name, json) -> decoded.put(name, JsonValues.decode(json)));
    return decoded;
  }

  private static final class Instance {
    private ProcessInstanceState state = ProcessInstanceState.UNKNOWN;
    private final Map<Long, String> active = new LinkedHashMap<>();
    private final List<String> completed = new ArrayList<>();
    private final Map<Long, IncidentView> incidents = new LinkedHashMap<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
  }
}
