package dev.millrace.platform.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.platform.processes.HistoryEvent.ElementEvent;
import dev.millrace.platform.processes.HistoryEvent.IncidentEvent;
import dev.millrace.platform.processes.HistoryEvent.Lifecycle;
import dev.millrace.platform.processes.HistoryEvent.VariableEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The history writer's promise to the exporter: events arrive at least once and a restart replays a
 * tail of them, so writing is an upsert by key that only moves rows forward. Run on H2 and on
 * PostgreSQL.
 */
abstract class ProcessHistoryContract {

  @Autowired ProcessHistory history;
  @Autowired ProcessInstances instances;

  /** Keys far from the embedded engine's own, so the contexts' real instances never collide. */
  private final long base = (1L << 50) + ThreadLocalRandom.current().nextLong(1L << 40) * 100;

  private long position = 1_000;

  @Test
  void replayedEventsLeaveTheHistoryAsTheLatestLeftIt() {
    long instance = base;
    long task = base + 1;
    long incident = base + 2;
    UUID tenant = UUID.randomUUID();
    List<HistoryEvent> events = new ArrayList<>();
    // Variables come before the instance's own first record, as the engine writes them.
    events.add(variable(instance, instance, "tenantId", "\"" + tenant + "\""));
    events.add(variable(instance, instance, "attempt", "1"));
    events.add(element(instance, instance, "PROCESS", "flow", Lifecycle.ACTIVE));
    events.add(element(instance, task, "SERVICE_TASK", "step", Lifecycle.ACTIVE));
    events.add(incident(instance, incident, task, false));
    List<HistoryEvent> firstHalf = List.copyOf(events);
    events.add(incident(instance, incident, task, true));
    events.add(variable(instance, instance, "attempt", "2"));
    events.add(element(instance, task, "SERVICE_TASK", "step", Lifecycle.COMPLETED));
    events.add(element(instance, instance, "PROCESS", "flow", Lifecycle.COMPLETED));

    history.write(events);
    var written = instances.detail(tenant, instance);
    history.write(firstHalf); // a replay of older events: nothing moves back
    history.write(events); // and of all of them: nothing changes
    var replayed = instances.detail(tenant, instance);

    for (var detail : List.of(written, replayed)) {
      assertThat(detail.instance().state()).isEqualTo("COMPLETED");
      assertThat(detail.instance().tenantId()).isEqualTo(tenant);
      assertThat(detail.instance().bpmnProcessId()).isEqualTo("history-check");
      assertThat(detail.instance().processVersion()).isEqualTo(3);
      assertThat(detail.instance().endedAt()).isNotNull();
      assertThat(detail.instance().activeIncidents()).isZero();
      assertThat(detail.currentElements()).isEmpty();
      assertThat(detail.history())
          .extracting(ProcessInstances.ElementView::elementId)
          .containsExactly("step");
      assertThat(detail.variables().get("attempt").asInt()).isEqualTo(2);
      assertThat(detail.incidents()).hasSize(1);
      assertThat(detail.incidents().get(0).state()).isEqualTo("RESOLVED");
      assertThat(detail.incidents().get(0).jobKey()).isEqualTo(base + 9);
    }
    assertThat(replayed).isEqualTo(written);
    assertThat(instances.list(tenant, null, null, null, 0, 10).items())
        .extracting(ProcessInstances.InstanceSummary::processInstanceKey)
        .containsExactly(instance);
    assertThat(instances.list(tenant, null, null, "lifecycle", 0, 10).items()).isEmpty();
  }

  @Test
  void aTenantIdThatIsNoUuidLeavesTheInstanceToAdmins() {
    long instance = base + 50;
    history.write(
        List.of(
            variable(instance, instance, "tenantId", "\"not-a-tenant\""),
            element(instance, instance, "PROCESS", "flow", Lifecycle.ACTIVE)));
    assertThat(instances.summary(null, instance).tenantId()).isNull();
    assertThat(instances.summary(null, instance).state()).isEqualTo("ACTIVE");
  }

  private ElementEvent element(
      long instance, long key, String type, String elementId, Lifecycle lifecycle) {
    return new ElementEvent(
        ++position,
        System.currentTimeMillis(),
        instance,
        key,
        "history-check",
        3,
        base + 7,
        -1,
        elementId,
        type,
        type.equals("PROCESS") ? -1 : instance,
        lifecycle);
  }

  private VariableEvent variable(long instance, long scope, String name, String json) {
    return new VariableEvent(
        ++position,
        System.currentTimeMillis(),
        instance,
        scope,
        "history-check",
        base + 7,
        name,
        json);
  }

  private IncidentEvent incident(long instance, long key, long element, boolean resolved) {
    return new IncidentEvent(
        ++position,
        System.currentTimeMillis(),
        key,
        instance,
        "step",
        element,
        base + 9,
        "JOB_NO_RETRIES",
        "no more retries",
        resolved);
  }
}
