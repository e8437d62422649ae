package dev.millrace.engine.processing;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.processing.bpmn.InstanceResults;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ProcessInstanceCreationIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.ProcessInstanceCreationRecord;
import dev.millrace.engine.state.ProcessDefinition;
import java.util.Map;

/** CreateProcessInstance (with or without awaiting the result) and CancelProcessInstance. */
final class ProcessInstanceProcessors {

  private final BpmnProcessing bpmn;
  private final InstanceResults results;

  ProcessInstanceProcessors(BpmnProcessing bpmn, InstanceResults results) {
    this.bpmn = bpmn;
    this.results = results;
  }

  CommandProcessor create() {
    return (command, ctx) -> {
      var request = (ProcessInstanceCreationRecord) command.value();
      var definition = find(ctx, command, request);
      if (definition == null) {
        return;
      }
      Map<String, Object> variables;
      try {
        variables = JsonValues.parseObject(request.variables());
      } catch (IllegalArgumentException e) {
        Rejections.invalidArgument(
            ctx,
            command,
            "Expected to set variables from document, but the document is invalid: "
                + e.getMessage());
        return;
      }
      if (definition.executable().root().noneStartEvent() == null) {
        Rejections.invalidState(
            ctx,
            command,
            "Expected to create instance of process with none start event, but there is no such event");
        return;
      }
      var root = bpmn.starter().start(definition, variables, null, null, null);
      var record = definition.record();
      var created =
          ctx.event(
              root.key(),
              ProcessInstanceCreationIntent.CREATED,
              request
                  .withBpmnProcessId(record.bpmnProcessId())
                  .withVersion(record.version())
                  .withProcessDefinitionKey(record.processDefinitionKey())
                  .withProcessInstanceKey(root.key())
                  .withTenantId(record.tenantId()));
      if (command.intent() == ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT) {
        results.await(
            root.key(), new InstanceResults.Awaiter(ctx.responder(), request.fetchVariables()));
      } else {
        ctx.respond(created);
      }
    };
  }

  private ProcessDefinition find(
      ProcessingContext ctx, Record command, ProcessInstanceCreationRecord request) {
    var processes = ctx.state().processes();
    if (request.processDefinitionKey() > 0) {
      var definition = processes.byKey(request.processDefinitionKey());
      if (definition == null) {
        Rejections.notFound(
            ctx,
            command,
            "Expected to find process definition with key '"
                + request.processDefinitionKey()
                + "', but none found");
      }
      return definition;
    }
    if (request.bpmnProcessId().isEmpty()) {
      Rejections.invalidArgument(
          ctx,
          command,
          "Expected either a process definition key or a BPMN process id, but none given");
      return null;
    }
    ProcessDefinition definition =
        request.version() > 0
            ? processes.version(request.bpmnProcessId(), request.version())
            : processes.latest(request.bpmnProcessId());
    if (definition == null) {
      Rejections.notFound(
          ctx,
          command,
          request.version() > 0
              ? "Expected to find process definition with process ID '"
                  + request.bpmnProcessId()
                  + "' and version '"
                  + request.version()
                  + "', but none found"
              : "Expected to find process definition with process ID '"
                  + request.bpmnProcessId()
                  + "', but none found");
    }
    return definition;
  }

  CommandProcessor cancel() {
    return (command, ctx) -> {
      var instance = ctx.state().elementInstances().get(command.key());
      if (instance == null
          || instance.value().bpmnElementType() != BpmnElementType.PROCESS
          || !instance.isLive()) {
        Rejections.notFound(
            ctx,
            command,
            "Expected to cancel a process instance with key '"
                + command.key()
                + "', but no such process was found");
        return;
      }
      long parent = instance.value().parentProcessInstanceKey();
      if (parent >= 0) {
        Rejections.invalidState(
            ctx,
            command,
            "Expected to cancel a process instance with key '"
                + command.key()
                + "', but it is created by a parent process instance. Cancel the root process"
                + " instance '"
                + parent
                + "' instead.");
        return;
      }
      var value = instance.value();
      bpmn.terminate(instance);
      ctx.respond(
          new Record(
              -1,
              -1,
              command.key(),
              ctx.timestamp(),
              dev.millrace.engine.record.RecordType.EVENT,
              dev.millrace.engine.record.ValueType.PROCESS_INSTANCE,
              ProcessInstanceIntent.ELEMENT_TERMINATING,
              null,
              null,
              value));
    };
  }
}
