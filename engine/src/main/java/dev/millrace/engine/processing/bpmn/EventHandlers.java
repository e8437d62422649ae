package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.state.ElementInstance;
import java.util.Map;

/** Start, end, intermediate and boundary events, and receive tasks (which catch like events). */
final class EventHandlers {

  private final BpmnProcessing bpmn;
  private final ElementHandler jobTask;

  EventHandlers(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
    this.jobTask = new TaskHandlers(bpmn).jobTask();
  }

  /** Applies the variables an event brought, as a job completion would. */
  private void takeEventVariables(
      ExecutableFlowNode element, ElementInstance instance, Map<String, Object> values) {
    if (values != null) {
      bpmn.variables.mergeIntoElement(instance, !element.outputMappings().isEmpty(), values);
    }
  }

  ElementHandler startEvent() {
    return (element, instance) -> {
      var scope = bpmn.instance(instance.flowScopeKey());
      long triggerScope =
          element.flowScope().elementType() == BpmnElementType.EVENT_SUB_PROCESS
              ? scope.flowScopeKey()
              : scope.key();
      takeEventVariables(
          element, instance, bpmn.subscriptions.consumeTrigger(triggerScope, element.id()));
      bpmn.markActivated(instance);
      bpmn.complete(instance);
    };
  }

  ElementHandler boundaryEvent() {
    return (element, instance) -> {
      takeEventVariables(
          element,
          instance,
          bpmn.subscriptions.consumeTrigger(instance.flowScopeKey(), element.id()));
      bpmn.markActivated(instance);
      bpmn.complete(instance);
    };
  }

  ElementHandler endEvent() {
    return (element, instance) -> {
      switch (element.eventType()) {
        case ERROR -> throwError(element, instance);
        case TERMINATE -> {
          for (var sibling :
              bpmn.ctx.state().elementInstances().children(instance.flowScopeKey())) {
            if (sibling.key() != instance.key() && sibling.isLive()) {
              bpmn.terminate(sibling);
            }
          }
          bpmn.markActivated(instance);
          bpmn.complete(instance);
        }
        case MESSAGE -> jobTask.onActivating(element, instance);
        case SIGNAL -> broadcastAndComplete(element, instance);
        default -> {
          bpmn.markActivated(instance);
          bpmn.complete(instance);
        }
      }
    };
  }

  private void throwError(ExecutableFlowNode element, ElementInstance instance) {
    String code = element.error().errorCode();
    if (!bpmn.errors.throwError(instance, code, Map.of())) {
      bpmn.incidents.raise(
          instance, ErrorType.UNHANDLED_ERROR_EVENT, ErrorBehavior.unhandledMessage(code, null));
    }
  }

  ElementHandler throwEvent() {
    return (element, instance) -> {
      switch (element.eventType()) {
        case MESSAGE -> jobTask.onActivating(element, instance);
        case SIGNAL -> broadcastAndComplete(element, instance);
        default -> {
          bpmn.markActivated(instance);
          bpmn.complete(instance);
        }
      }
    };
  }

  private void broadcastAndComplete(ExecutableFlowNode element, ElementInstance instance) {
    var name =
        bpmn.expressions.evaluateString(
            element.signal().name(), bpmn.variables.lookup(instance.key()));
    if (!name.isSuccess()) {
      bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, name.failureMessage());
      return;
    }
    bpmn.markActivated(instance);
    bpmn.signals().broadcast(name.value(), Map.of(), instance.value().tenantId());
    if (bpmn.instance(instance.key()) != null) {
      bpmn.complete(instance);
    }
  }

  /** Intermediate catch events and receive tasks: wait for their event, then complete. */
  ElementHandler catchEvent() {
    return new ElementHandler() {
      @Override
      public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
        // After an event-based gateway the event already happened: take it and move on.
        var passed = bpmn.subscriptions.consumeTrigger(instance.flowScopeKey(), element.id());
        if (passed != null) {
          takeEventVariables(element, instance, passed);
          bpmn.markActivated(instance);
          bpmn.complete(instance);
          return;
        }
        if (!TaskHandlers.openBoundaries(bpmn, element, instance)) {
          return;
        }
        bpmn.markActivated(instance);
        TaskHandlers.afterSubscribed(bpmn, instance);
      }

      @Override
      public boolean onCompleting(ExecutableFlowNode element, ElementInstance instance) {
        takeEventVariables(
            element, instance, bpmn.subscriptions.consumeTrigger(instance.key(), element.id()));
        return true;
      }
    };
  }
}
