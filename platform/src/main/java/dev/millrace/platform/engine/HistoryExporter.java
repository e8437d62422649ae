package dev.millrace.platform.engine;

import dev.millrace.engine.export.Exporter;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.VariableRecord;
import dev.millrace.platform.processes.HistoryEvent;
import dev.millrace.platform.processes.HistoryEvent.Lifecycle;
import dev.millrace.platform.processes.ProcessHistory;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the embedded engine's records into {@link ProcessHistory}: element lifecycle events,
 * variables and incidents become history events, written in batches (when the engine's log is
 * caught up, or every {@value #BATCH} events). Only after a batch is committed does the exporter
 * acknowledge its position, so the engine replays what the database never got; the writes are
 * upserts, so a replay changes nothing.
 *
 * <p>If the database refuses a batch (not migrated yet at start-up, or down), the events stay
 * buffered and are written again on the next occasion; past {@value #MAX_BUFFERED} buffered events
 * the exporter thread waits and retries, so memory stays bounded and the engine keeps the records
 * (it compacts its log only below acknowledged positions).
 */
final class HistoryExporter implements Exporter {

  static final String ID = "history";
  private static final Logger log = LoggerFactory.getLogger(HistoryExporter.class);
  private static final int BATCH = 500;
  private static final int MAX_BUFFERED = 50_000;

  private final ProcessHistory history;
  private final List<HistoryEvent> buffer = new ArrayList<>();
  private Controller controller;
  private long bufferedUpTo = -1;
  private long lastWarning;

  HistoryExporter(ProcessHistory history) {
    this.history = history;
  }

  @Override
  public void open(Controller controller) {
    this.controller = controller;
  }

  @Override
  public boolean acknowledgesItself() {
    return true;
  }

  @Override
  public void export(Record record) {
    HistoryEvent event = translate(record);
    if (event != null) {
      buffer.add(event);
    }
    bufferedUpTo = record.position();
    if (buffer.size() >= BATCH) {
      flush();
    }
    while (buffer.size() >= MAX_BUFFERED && !flush()) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void idle() {
    flush();
  }

  @Override
  public void close() {
    flush();
  }

  /** Writes what is buffered; true when it is in the database (and acknowledged). */
  private boolean flush() {
    if (bufferedUpTo < 0) {
      return true;
    }
    try {
      history.write(buffer);
    } catch (RuntimeException e) {
      long now = System.currentTimeMillis();
      if (now - lastWarning > 60_000) {
        lastWarning = now;
        log.warn(
            "Process history: {} events not written yet, will retry: {}",
            buffer.size(),
            e.getMessage());
      }
      return false;
    }
    buffer.clear();
    if (controller != null) {
      controller.acknowledge(bufferedUpTo);
    }
    bufferedUpTo = -1;
    return true;
  }

  /** The history event a record makes, or null: commands, rejections and other kinds make none. */
  static HistoryEvent translate(Record record) {
    if (!record.isEvent()) {
      return null;
    }
    return switch (record.valueType()) {
      case PROCESS_INSTANCE -> element(record);
      case VARIABLE -> variable(record);
      case INCIDENT -> incident(record);
      default -> null;
    };
  }

  private static HistoryEvent element(Record record) {
    ProcessInstanceRecord value = record.valueAs(ProcessInstanceRecord.class);
    if (value.bpmnElementType() == BpmnElementType.SEQUENCE_FLOW) {
      return null;
    }
    Lifecycle lifecycle =
        switch ((ProcessInstanceIntent) record.intent()) {
          case ELEMENT_ACTIVATING -> Lifecycle.ACTIVE;
          case ELEMENT_COMPLETED -> Lifecycle.COMPLETED;
          case ELEMENT_TERMINATED -> Lifecycle.TERMINATED;
          default -> null; // the steps in between change nothing history shows
        };
    if (lifecycle == null) {
      return null;
    }
    return new HistoryEvent.ElementEvent(
        record.position(),
        record.timestamp(),
        value.processInstanceKey(),
        record.key(),
        value.bpmnProcessId(),
        value.version(),
        value.processDefinitionKey(),
        value.parentProcessInstanceKey(),
        value.elementId(),
        value.bpmnElementType().name(),
        value.flowScopeKey(),
        lifecycle);
  }

  private static HistoryEvent variable(Record record) {
    VariableRecord value = record.valueAs(VariableRecord.class);
    return new HistoryEvent.VariableEvent(
        record.position(),
        record.timestamp(),
        value.processInstanceKey(),
        value.scopeKey(),
        value.bpmnProcessId(),
        value.processDefinitionKey(),
        value.name(),
        value.value().isEmpty() ? "null" : value.value());
  }

  private static HistoryEvent incident(Record record) {
    IncidentIntent intent = (IncidentIntent) record.intent();
    if (intent != IncidentIntent.CREATED && intent != IncidentIntent.RESOLVED) {
      return null;
    }
    IncidentRecord value = record.valueAs(IncidentRecord.class);
    return new HistoryEvent.IncidentEvent(
        record.position(),
        record.timestamp(),
        record.key(),
        value.processInstanceKey(),
        value.elementId(),
        value.elementInstanceKey(),
        value.jobKey(),
        value.errorType().name(),
        value.errorMessage(),
        intent == IncidentIntent.RESOLVED);
  }
}
