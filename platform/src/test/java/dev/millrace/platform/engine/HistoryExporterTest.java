package dev.millrace.platform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.Intent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.RecordType;
import dev.millrace.engine.record.ValueType;
import dev.millrace.engine.record.VariableIntent;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.RecordValue;
import dev.millrace.engine.record.value.VariableRecord;
import dev.millrace.platform.processes.HistoryEvent.ElementEvent;
import dev.millrace.platform.processes.HistoryEvent.IncidentEvent;
import dev.millrace.platform.processes.HistoryEvent.Lifecycle;
import dev.millrace.platform.processes.HistoryEvent.VariableEvent;
import org.junit.jupiter.api.Test;

/** Which engine records become history, and how. */
class HistoryExporterTest {

  private static final ProcessInstanceRecord TASK =
      ProcessInstanceRecord.empty()
          .withBpmnProcessId("train-model")
          .withVersion(2)
          .withProcessDefinitionKey(7)
          .withProcessInstanceKey(100)
          .withElementId("start-training")
          .withBpmnElementType(BpmnElementType.SERVICE_TASK)
          .withFlowScopeKey(100);

  @Test
  void elementLifecycleEventsBecomeElementEvents() {
    ElementEvent activating =
        (ElementEvent)
            HistoryExporter.translate(
                event(
                    5,
                    101,
                    ValueType.PROCESS_INSTANCE,
                    ProcessInstanceIntent.ELEMENT_ACTIVATING,
                    TASK));
    assertThat(activating.position()).isEqualTo(5);
    assertThat(activating.elementInstanceKey()).isEqualTo(101);
    assertThat(activating.processInstanceKey()).isEqualTo(100);
    assertThat(activating.elementId()).isEqualTo("start-training");
    assertThat(activating.elementType()).isEqualTo("SERVICE_TASK");
    assertThat(activating.processVersion()).isEqualTo(2);
    assertThat(activating.lifecycle()).isEqualTo(Lifecycle.ACTIVE);
    assertThat(activating.isProcess()).isFalse();

    assertThat(
            ((ElementEvent)
                    HistoryExporter.translate(
                        event(
                            9,
                            101,
                            ValueType.PROCESS_INSTANCE,
                            ProcessInstanceIntent.ELEMENT_TERMINATED,
                            TASK)))
                .lifecycle())
        .isEqualTo(Lifecycle.TERMINATED);
    assertThat(
            HistoryExporter.translate(
                event(
                    6,
                    101,
                    ValueType.PROCESS_INSTANCE,
                    ProcessInstanceIntent.ELEMENT_ACTIVATED,
                    TASK)))
        .as("steps in between change nothing")
        .isNull();
    assertThat(
            HistoryExporter.translate(
                event(
                    7,
                    102,
                    ValueType.PROCESS_INSTANCE,
                    ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN,
                    TASK.withBpmnElementType(BpmnElementType.SEQUENCE_FLOW))))
        .isNull();
  }

  @Test
  void variablesAndIncidentsAreKept() {
    VariableEvent variable =
        (VariableEvent)
            HistoryExporter.translate(
                event(
                    3,
                    55,
                    ValueType.VARIABLE,
                    VariableIntent.CREATED,
                    VariableRecord.empty()
                        .withName("tenantId")
                        .withValue("\"t-1\"")
                        .withScopeKey(100)
                        .withProcessInstanceKey(100)
                        .withBpmnProcessId("train-model")));
    assertThat(variable.name()).isEqualTo("tenantId");
    assertThat(variable.valueJson()).isEqualTo("\"t-1\"");
    assertThat(variable.scopeKey()).isEqualTo(100);

    IncidentRecord incident =
        IncidentRecord.empty()
            .withErrorType(ErrorType.JOB_NO_RETRIES)
            .withErrorMessage("boom")
            .withProcessInstanceKey(100)
            .withElementId("evaluate")
            .withElementInstanceKey(120)
            .withJobKey(121);
    IncidentEvent created =
        (IncidentEvent)
            HistoryExporter.translate(
                event(11, 130, ValueType.INCIDENT, IncidentIntent.CREATED, incident));
    assertThat(created.incidentKey()).isEqualTo(130);
    assertThat(created.jobKey()).isEqualTo(121);
    assertThat(created.errorType()).isEqualTo("JOB_NO_RETRIES");
    assertThat(created.resolved()).isFalse();
    assertThat(
            ((IncidentEvent)
                    HistoryExporter.translate(
                        event(12, 130, ValueType.INCIDENT, IncidentIntent.RESOLVED, incident)))
                .resolved())
        .isTrue();
  }

  @Test
  void commandsAndOtherRecordsAreNotHistory() {
    Record command =
        new Record(
            4,
            -1,
            101,
            0,
            RecordType.COMMAND,
            ValueType.PROCESS_INSTANCE,
            ProcessInstanceIntent.ACTIVATE_ELEMENT,
            null,
            null,
            TASK);
    assertThat(HistoryExporter.translate(command)).isNull();
    assertThat(
            HistoryExporter.translate(
                event(13, 140, ValueType.JOB, dev.millrace.engine.record.JobIntent.CREATED, null)))
        .isNull();
  }

  private static Record event(
      long position, long key, ValueType type, Intent intent, RecordValue value) {
    return new Record(
        position, -1, key, 1_700_000_000_000L, RecordType.EVENT, type, intent, null, null, value);
  }
}
