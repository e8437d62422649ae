package dev.millrace.engine.processing;

import dev.millrace.engine.clock.ControlledClock;
import dev.millrace.engine.processing.EngineProcessor.Command;
import dev.millrace.engine.processing.JobStreams.ActivatedJob;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.DeploymentIntent;
import dev.millrace.engine.record.Intent;
import dev.millrace.engine.record.JobBatchIntent;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.ProcessInstanceCreationIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.RejectionType;
import dev.millrace.engine.record.ValueType;
import dev.millrace.engine.record.value.DeploymentRecord;
import dev.millrace.engine.record.value.DeploymentResource;
import dev.millrace.engine.record.value.JobBatchRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.record.value.ProcessInstanceCreationRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.RecordValue;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Drives the state machine in memory: every batch is "durable" at once, side effects run
 * immediately. What the engine wrote is in {@link #records()}.
 */
final class TestEngine {

  final ControlledClock clock = ControlledClock.startingNow();
  final JobStreams streams = new JobStreams();
  final List<Long> yielded = new ArrayList<>();
  final EngineProcessor processor = new EngineProcessor(clock, streams, yielded::add);
  private final List<Record> log = new ArrayList<>();

  /** What one command got back. */
  static final class Answer implements CommandResponder {
    Record event;
    RejectionType rejectionType;
    String rejectionReason;
    Object payload;

    @Override
    public void accepted(Record event) {
      this.event = event;
    }

    @Override
    public void rejected(RejectionType type, String reason) {
      this.rejectionType = type;
      this.rejectionReason = reason;
    }

    @Override
    public void acceptedWith(Object payload) {
      this.payload = payload;
    }

    boolean rejected() {
      return rejectionType != null;
    }

    @SuppressWarnings("unchecked")
    List<ActivatedJob> jobs() {
      return (List<ActivatedJob>) payload;
    }
  }

  Answer send(long key, Intent intent, RecordValue value) {
    return send(new Command(key, intent, value, null, -1));
  }

  Answer send(Command command) {
    var answer = new Answer();
    var withResponder =
        new Command(
            command.key(),
            command.intent(),
            command.value(),
            answer,
            command.requestTimeoutMillis());
    run(processor.process(withResponder, log.size() + 1));
    while (processor.hasPending()) {
      run(processor.processPending(log.size() + 1));
    }
    return answer;
  }

  private void run(ProcessingContext ctx) {
    log.addAll(ctx.records());
    for (var effect : List.copyOf(ctx.sideEffects())) {
      effect.run();
    }
  }

  List<Record> records() {
    return log;
  }

  Stream<Record> events(ValueType type) {
    return log.stream().filter(r -> r.isEvent() && r.valueType() == type);
  }

  // ---- conveniences

  Answer deploy(BpmnModelInstance model) {
    return deploy("process.bpmn", Bpmn.convertToString(model));
  }

  Answer deploy(String name, String xml) {
    var resource = new DeploymentResource(name, xml.getBytes(StandardCharsets.UTF_8));
    return send(
        -1, DeploymentIntent.CREATE, new DeploymentRecord(List.of(resource), List.of(), ""));
  }

  long createInstance(String processId, String variablesJson) {
    var answer = send(-1, ProcessInstanceCreationIntent.CREATE, creation(processId, variablesJson));
    if (answer.rejected()) {
      throw new AssertionError(answer.rejectionType + ": " + answer.rejectionReason);
    }
    return answer.event.key();
  }

  static ProcessInstanceCreationRecord creation(String processId, String variablesJson) {
    return ProcessInstanceCreationRecord.empty()
        .withBpmnProcessId(processId)
        .withVariables(variablesJson)
        .withFetchVariables(List.of());
  }

  List<ActivatedJob> activate(String type, int max) {
    var request =
        new JobBatchRecord(
            type, "test-worker", 60_000, max, List.of(), List.of(), false, -1, List.of());
    var answer = send(new Command(-1, JobBatchIntent.ACTIVATE, request, null, -1));
    if (answer.rejected()) {
      throw new AssertionError(answer.rejectionReason);
    }
    return answer.jobs();
  }

  Answer complete(long jobKey, String variablesJson) {
    return send(jobKey, JobIntent.COMPLETE, JobRecord.empty().withVariables(variablesJson));
  }

  Answer publish(String name, String correlationKey, long ttlMillis, String variablesJson) {
    return send(
        -1,
        dev.millrace.engine.record.MessageIntent.PUBLISH,
        new dev.millrace.engine.record.value.MessageRecord(
            name, correlationKey, "", ttlMillis, -1, variablesJson, ""));
  }

  Answer publish(
      String name, String correlationKey, long ttlMillis, String messageId, String variablesJson) {
    return send(
        -1,
        dev.millrace.engine.record.MessageIntent.PUBLISH,
        new dev.millrace.engine.record.value.MessageRecord(
            name, correlationKey, messageId, ttlMillis, -1, variablesJson, ""));
  }

  Answer fail(long jobKey, int retries, String message, long backoffMillis) {
    return send(
        jobKey,
        JobIntent.FAIL,
        JobRecord.empty()
            .withRetries(retries)
            .withErrorMessage(message)
            .withRetryBackoff(backoffMillis));
  }

  Answer throwError(long jobKey, String code, String message) {
    return send(
        jobKey,
        JobIntent.THROW_ERROR,
        JobRecord.empty().withErrorCode(code).withErrorMessage(message));
  }

  Answer updateRetries(long jobKey, int retries) {
    return send(jobKey, JobIntent.UPDATE_RETRIES, JobRecord.empty().withRetries(retries));
  }

  Answer resolve(long incidentKey) {
    return send(
        incidentKey,
        dev.millrace.engine.record.IncidentIntent.RESOLVE,
        dev.millrace.engine.record.value.IncidentRecord.empty());
  }

  Answer setVariables(long scopeKey, String json, boolean local) {
    return send(
        scopeKey,
        dev.millrace.engine.record.VariableDocumentIntent.UPDATE,
        new dev.millrace.engine.record.value.VariableDocumentRecord(
            scopeKey,
            local
                ? dev.millrace.engine.record.VariableUpdateSemantics.LOCAL
                : dev.millrace.engine.record.VariableUpdateSemantics.PROPAGATE,
            json,
            ""));
  }

  Answer broadcast(String signal, String variablesJson) {
    return send(
        -1,
        dev.millrace.engine.record.SignalIntent.BROADCAST,
        new dev.millrace.engine.record.value.SignalRecord(signal, variablesJson, ""));
  }

  Answer cancel(long processInstanceKey) {
    return send(
        processInstanceKey,
        ProcessInstanceIntent.CANCEL,
        ProcessInstanceRecord.empty().withProcessInstanceKey(processInstanceKey));
  }

  /** Open incidents of an instance (element or job incidents). */
  List<java.util.Map.Entry<Long, dev.millrace.engine.record.value.IncidentRecord>> incidents(
      long processInstanceKey) {
    return processor.state().incidents().all().stream()
        .filter(e -> e.getValue().processInstanceKey() == processInstanceKey)
        .toList();
  }

  /** The process-scope variables of a running instance, decoded. */
  java.util.Map<String, Object> variables(long processInstanceKey) {
    var out = new java.util.LinkedHashMap<String, Object>();
    processor
        .state()
        .variables()
        .localVariables(processInstanceKey)
        .forEach((k, v) -> out.put(k, dev.millrace.engine.feel.JsonValues.parse(v)));
    return out;
  }

  /** Variables the instance had when it completed (from the VARIABLE events of its root scope). */
  java.util.Map<String, Object> finalVariables(long processInstanceKey) {
    var out = new java.util.LinkedHashMap<String, Object>();
    events(ValueType.VARIABLE)
        .map(r -> (dev.millrace.engine.record.value.VariableRecord) r.value())
        .filter(v -> v.scopeKey() == processInstanceKey)
        .forEach(v -> out.put(v.name(), dev.millrace.engine.feel.JsonValues.parse(v.value())));
    return out;
  }

  boolean isTerminated(long processInstanceKey) {
    return events(ValueType.PROCESS_INSTANCE)
        .anyMatch(
            r ->
                r.key() == processInstanceKey
                    && r.intent() == ProcessInstanceIntent.ELEMENT_TERMINATED);
  }

  List<String> activeElements(long processInstanceKey) {
    return processor.state().elementInstances().all().stream()
        .filter(i -> i.processInstanceKey() == processInstanceKey && i.key() != processInstanceKey)
        .map(i -> i.value().elementId())
        .sorted()
        .toList();
  }

  /** Advances the clock and processes everything that fell due. */
  void advance(Duration duration) {
    clock.advance(duration);
    runDue();
  }

  void runDue() {
    for (int round = 0; round < 100; round++) {
      var due = processor.dueCommands(clock.millis(), 100);
      if (due.isEmpty()) {
        return;
      }
      due.forEach(this::send);
    }
  }

  /** Element ids of a process instance's completed elements, in completion order. */
  List<String> completedElements(long processInstanceKey) {
    return events(ValueType.PROCESS_INSTANCE)
        .filter(r -> r.intent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .filter(r -> ((ProcessInstanceRecord) r.value()).processInstanceKey() == processInstanceKey)
        .map(r -> ((ProcessInstanceRecord) r.value()).elementId())
        .toList();
  }

  boolean isCompleted(long processInstanceKey) {
    return events(ValueType.PROCESS_INSTANCE)
        .anyMatch(
            r ->
                r.key() == processInstanceKey
                    && r.intent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                    && ((ProcessInstanceRecord) r.value()).bpmnElementType()
                        == BpmnElementType.PROCESS);
  }
}
