package dev.millrace.conformance.millrace;

import dev.millrace.conformance.engine.IncidentView;
import dev.millrace.conformance.engine.InstanceHistory;
import dev.millrace.conformance.engine.InstanceHistory.ElementEvent;
import dev.millrace.engine.export.Exporter;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.VariableIntent;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.VariableRecord;

/** Feeds Millrace's exported events, in log order, to the conformance inspector. */
final class InspectorExporter implements Exporter {

  private final InstanceHistory history;

  InspectorExporter(InstanceHistory history) {
    this.history = history;
  }

  @Override
  public void export(Record record) {
    if (!record.isEvent()) {
      return;
    }
    switch (record.valueType()) {
      case PROCESS_INSTANCE -> exportElement(record);
      case INCIDENT -> exportIncident(record);
      case VARIABLE -> exportVariable(record);
      default -> {}
    }
  }

  private void exportElement(Record record) {
    ElementEvent event =
        switch ((ProcessInstanceIntent) record.intent()) {
          case ELEMENT_ACTIVATED -> ElementEvent.ACTIVATED;
          case ELEMENT_COMPLETED -> ElementEvent.COMPLETED;
          case ELEMENT_TERMINATED -> ElementEvent.TERMINATED;
          default -> null;
        };
    if (event != null) {
      ProcessInstanceRecord element = record.valueAs(ProcessInstanceRecord.class);
      history.element(
          element.processInstanceKey(),
          record.key(),
          element.elementId(),
          element.bpmnElementType().name(),
          event);
    }
  }

  private void exportIncident(Record record) {
    IncidentRecord incident = record.valueAs(IncidentRecord.class);
    if (record.intent() == IncidentIntent.CREATED) {
      history.incidentCreated(
          incident.processInstanceKey(),
          new IncidentView(
              record.key(),
              incident.errorType().name(),
              incident.elementId(),
              incident.errorMessage(),
              incident.jobKey() > 0 ? incident.jobKey() : null));
    } else if (record.intent() == IncidentIntent.RESOLVED) {
      history.incidentResolved(incident.processInstanceKey(), record.key());
    }
  }

  private void exportVariable(Record record) {
    if (record.intent() == VariableIntent.CREATED || record.intent() == VariableIntent.UPDATED) {
      VariableRecord variable = record.valueAs(VariableRecord.class);
      history.variable(
          variable.processInstanceKey(), variable.scopeKey(), variable.name(), variable.value());
    }
  }
}
