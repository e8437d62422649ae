package dev.millrace.conformance.camunda;

import dev.millrace.conformance.engine.IncidentView;
import dev.millrace.conformance.engine.JsonValues;
import dev.millrace.conformance.engine.ProcessInspector;
import dev.millrace.conformance.engine.ProcessInstanceState;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ElementInstanceType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Variable;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Camunda 8's REST search API (backed by the container's secondary storage). It lags the
 * engine by the export delay, which the suites absorb by polling.
 */
final class CamundaSearchInspector implements ProcessInspector {

  private static final int PAGE = 1000;

  /** Element instances that are containers or bookkeeping rather than steps on the path. */
  private static final Set<ElementInstanceType> NOT_ON_THE_PATH =
      Set.of(
          ElementInstanceType.PROCESS,
          ElementInstanceType.MULTI_INSTANCE_BODY,
          ElementInstanceType.SEQUENCE_FLOW);

  private final CamundaClient client;

  CamundaSearchInspector(CamundaClient client) {
    this.client = client;
  }

  @Override
  public ProcessInstanceState state(long processInstanceKey) {
    try {
      var instance = client.newProcessInstanceGetRequest(processInstanceKey).send().join();
      return switch (instance.getState()) {
        case ACTIVE -> ProcessInstanceState.ACTIVE;
        case COMPLETED -> ProcessInstanceState.COMPLETED;
        case TERMINATED -> ProcessInstanceState.TERMINATED;
        default -> ProcessInstanceState.UNKNOWN;
      };
    } catch (ProblemException notYetExported) {
      if (notYetExported.code() == 404) {
        return ProcessInstanceState.UNKNOWN;
      }
      throw notYetExported;
    }
  }

  @Override
  public List<IncidentView> incidents(long processInstanceKey) {
    List<Incident> incidents =
        client
            .newIncidentSearchRequest()
            .filter(f -> f.processInstanceKey(processInstanceKey).state(IncidentState.ACTIVE))
            .sort(s -> s.incidentKey().asc())
            .page(p -> p.limit(PAGE))
            .send()
            .join()
            .items();
    return incidents.stream()
        .map(
            incident ->
                new IncidentView(
                    incident.getIncidentKey(),
                    incident.getErrorType().name(),
                    incident.getElementId(),
                    incident.getErrorMessage(),
                    incident.getJobKey() == null || incident.getJobKey() <= 0
                        ? null
                        : incident.getJobKey()))
        .toList();
  }

  @Override
  public List<String> activeElementIds(long processInstanceKey) {
    return elementInstances(processInstanceKey, ElementInstanceState.ACTIVE).stream()
        .sorted(Comparator.comparing(ElementInstance::getElementInstanceKey))
        .map(ElementInstance::getElementId)
        .toList();
  }

  @Override
  public List<String> completedElementIds(long processInstanceKey) {
    // Keys grow with activation; on equal end dates they order a sequential path correctly.
    return elementInstances(processInstanceKey, ElementInstanceState.COMPLETED).stream()
        .sorted(
            Comparator.comparing(
                    ElementInstance::getEndDate, Comparator.nullsLast(OffsetDateTime::compareTo))
                .thenComparing(ElementInstance::getElementInstanceKey))
        .map(ElementInstance::getElementId)
        .toList();
  }

  private List<ElementInstance> elementInstances(
      long processInstanceKey, ElementInstanceState state) {
    return client
        .newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(state))
        .page(p -> p.limit(PAGE))
        .send()
        .join()
        .items()
        .stream()
        .filter(element -> !NOT_ON_THE_PATH.contains(element.getType()))
        .toList();
  }

  @Override
  public Map<String, Object> variables(long processInstanceKey) {
    List<Variable> variables =
        client
            .newVariableSearchRequest()
            .filter(f -> f.processInstanceKey(processInstanceKey).scopeKey(processInstanceKey))
            .page(p -> p.limit(PAGE))
            .send()
            .join()
            .items();
    Map<String, Object> decoded = new LinkedHashMap<>();
    for (Variable variable : variables) {
      String json =
          Boolean.TRUE.equals(variable.isTruncated())
              ? client.newVariableGetRequest(variable.getVariableKey()).send().join().getValue()
              : variable.getValue();
      decoded.put(variable.getName(), JsonValues.decode(json));
    }
    return decoded;
  }
}
