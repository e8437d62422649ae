package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.state.ElementInstance;

/** Processes, embedded sub-processes and event sub-processes. */
final class ScopeHandlers {

  private final BpmnProcessing bpmn;

  ScopeHandlers(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  /** The interrupting event sub-process whose trigger waits on this scope, if any. */
  static ExecutableFlowNode pendingInterruptingEventSubProcess(
      BpmnProcessing bpmn, ExecutableFlowNode element, ElementInstance scope) {
    for (var eventSubProcess : element.eventSubProcesses()) {
      var start = eventSubProcess.eventSubProcessStartEvent();
      if (start != null && start.interrupting() && bpmn.hasTriggerFor(scope, start.id())) {
        return eventSubProcess;
      }
    }
    return null;
  }

  ElementHandler process() {
    return new ElementHandler() {
      @Override
      public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
        if (!TaskHandlers.openBoundaries(bpmn, element, instance)) {
          return;
        }
        bpmn.markActivated(instance);
        ExecutableFlowNode start = element.noneStartEvent();
        for (var candidate : element.startEvents()) {
          if (bpmn.hasTriggerFor(instance, candidate.id())) {
            start = candidate;
          }
        }
        if (start != null) {
          bpmn.queueActivate(instance, start);
        }
        TaskHandlers.afterSubscribed(bpmn, instance);
      }

      @Override
      public boolean onCompleting(ExecutableFlowNode element, ElementInstance instance) {
        if (instance.value().parentElementInstanceKey() >= 0) {
          bpmn.handOn(instance, bpmn.variables.localValues(instance.key()));
        }
        var awaiter = bpmn.results.take(instance.key());
        if (awaiter != null) {
          var variables = bpmn.variables.collect(instance.key(), awaiter.fetchVariables());
          var value = instance.value();
          var result =
              new InstanceResults.Result(
                  instance.key(),
                  value.processDefinitionKey(),
                  value.bpmnProcessId(),
                  value.version(),
                  value.tenantId(),
                  variables);
          bpmn.ctx.sideEffect(
              () -> {
                if (awaiter.claim()) {
                  awaiter.responder().acceptedWith(result);
                }
              });
        }
        return true;
      }

      @Override
      public void afterCompleted(ExecutableFlowNode element, CompletedElement completed) {
        long callerKey = completed.value().parentElementInstanceKey();
        if (callerKey >= 0) {
          var caller = bpmn.instance(callerKey);
          if (caller != null && caller.state() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
            CallActivityHandler.childCompleted(bpmn, caller, completed.handedOn());
          }
        }
      }

      @Override
      public void onChildDone(ExecutableFlowNode element, ElementInstance scope) {
        bpmn.completeScopeIfDone(element, scope);
      }
    };
  }

  /** A root or called process instance was terminated (cancelled, or its caller terminated). */
  static void afterProcessTerminated(BpmnProcessing bpmn, ElementInstance process) {
    long callerKey = process.value().parentElementInstanceKey();
    if (callerKey < 0) {
      return;
    }
    var caller = bpmn.instance(callerKey);
    if (caller != null && caller.isTerminating()) {
      bpmn.childDone(caller);
    }
  }

  ElementHandler subProcess() {
    return new ElementHandler() {
      @Override
      public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
        if (!TaskHandlers.openBoundaries(bpmn, element, instance)) {
          return;
        }
        bpmn.markActivated(instance);
        var start =
            element.elementType() == BpmnElementType.EVENT_SUB_PROCESS
                ? element.eventSubProcessStartEvent()
                : element.noneStartEvent();
        bpmn.queueActivate(instance, start);
        TaskHandlers.afterSubscribed(bpmn, instance);
      }

      @Override
      public void onChildDone(ExecutableFlowNode element, ElementInstance scope) {
        bpmn.completeScopeIfDone(element, scope);
      }
    };
  }

  static void raise(BpmnProcessing bpmn, ElementInstance instance, String message) {
    bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, message);
  }
}
