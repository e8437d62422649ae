package dev.millrace.conformance.engine;

import static dev.millrace.conformance.engine.InstanceHistory.ElementEvent.ACTIVATED;
import static dev.millrace.conformance.engine.InstanceHistory.ElementEvent.COMPLETED;
import static dev.millrace.conformance.engine.InstanceHistory.ElementEvent.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record-fed inspector follows the rules ProcessInspector documents. */
class InstanceHistoryTest {

  private static final long INSTANCE = 100;

  private final InstanceHistory history = new InstanceHistory();

  @Test
  void unknownInstanceIsUnknownAndEmpty() {
    assertThat(history.state(42)).isEqualTo(ProcessInstanceState.UNKNOWN);
    assertThat(history.completedElementIds(42)).isEmpty();
    assertThat(history.activeElementIds(42)).isEmpty();
    assertThat(history.incidents(42)).isEmpty();
    assertThat(history.variables(42)).isEmpty();
  }

  @Test
  void processElementEventsDriveTheInstanceState() {
    history.element(INSTANCE, INSTANCE, "order", "PROCESS", ACTIVATED);
    assertThat(history.state(INSTANCE)).isEqualTo(ProcessInstanceState.ACTIVE);

    history.element(INSTANCE, INSTANCE, "order", "PROCESS", TERMINATED);
    assertThat(history.state(INSTANCE)).isEqualTo(ProcessInstanceState.TERMINATED);
    assertThat(history.completedElementIds(INSTANCE)).isEmpty();
  }

  @Test
  void pathListsCompletionsInOrderWithoutBookkeepingOrTerminatedElements() {
    history.element(INSTANCE, INSTANCE, "order", "PROCESS", ACTIVATED);
    history.element(INSTANCE, 1, "start", "START_EVENT", ACTIVATED);
    history.element(INSTANCE, 1, "start", "START_EVENT", COMPLETED);
    history.element(INSTANCE, 2, "flow-1", "SEQUENCE_FLOW", COMPLETED);
    history.element(INSTANCE, 3, "items", "MULTI_INSTANCE_BODY", ACTIVATED);
    history.element(INSTANCE, 4, "items", "SERVICE_TASK", ACTIVATED);
    history.element(INSTANCE, 5, "items", "SERVICE_TASK", ACTIVATED);
    history.element(INSTANCE, 6, "reminder", "BOUNDARY_EVENT", ACTIVATED);

    assertThat(history.activeElementIds(INSTANCE)).containsExactly("items", "items", "reminder");

    history.element(INSTANCE, 5, "items", "SERVICE_TASK", COMPLETED);
    history.element(INSTANCE, 4, "items", "SERVICE_TASK", TERMINATED);
    history.element(INSTANCE, 6, "reminder", "BOUNDARY_EVENT", COMPLETED);
    history.element(INSTANCE, 3, "items", "MULTI_INSTANCE_BODY", COMPLETED);
    history.element(INSTANCE, INSTANCE, "order", "PROCESS", COMPLETED);

    assertThat(history.completedElementIds(INSTANCE)).containsExactly("start", "items", "reminder");
    assertThat(history.activeElementIds(INSTANCE)).isEmpty();
    assertThat(history.state(INSTANCE)).isEqualTo(ProcessInstanceState.COMPLETED);
  }

  @Test
  void resolvedIncidentsDisappear() {
    IncidentView first = new IncidentView(7, "JOB_NO_RETRIES", "task", "boom", 9L);
    IncidentView second = new IncidentView(8, "CONDITION_ERROR", "gateway", "no flow", null);
    history.incidentCreated(INSTANCE, first);
    history.incidentCreated(INSTANCE, second);

    history.incidentResolved(INSTANCE, 7);

    assertThat(history.incidents(INSTANCE)).containsExactly(second);
  }

  @Test
  void onlyRootScopeVariablesAreKeptWithTheirLatestValueDecoded() {
    history.variable(INSTANCE, INSTANCE, "order", "{\"id\":\"o-1\",\"items\":[1,2]}");
    history.variable(INSTANCE, INSTANCE, "count", "1");
    history.variable(INSTANCE, 55, "local", "true");
    history.variable(INSTANCE, INSTANCE, "count", "2");

    assertThat(history.variables(INSTANCE))
        .isEqualTo(Map.of("order", Map.of("id", "o-1", "items", List.of(1, 2)), "count", 2));
  }
}
