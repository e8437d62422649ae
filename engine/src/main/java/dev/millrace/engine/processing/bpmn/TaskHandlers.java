package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.state.ElementInstance;
import java.util.HashMap;
import java.util.Map;

/** Service-like tasks (jobs), script tasks and tasks that just pass the token on. */
final class TaskHandlers {

  private final BpmnProcessing bpmn;

  TaskHandlers(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  /** Opens boundary subscriptions; false after raising an incident. */
  static boolean openBoundaries(
      BpmnProcessing bpmn, ExecutableFlowNode element, ElementInstance instance) {
    String failure =
        bpmn.subscriptions.open(instance, EventSubscriptionBehavior.ownedTargets(element));
    if (failure != null) {
      bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, failure);
      return false;
    }
    return true;
  }

  /** After ACTIVATED: messages already buffered for the new subscriptions correlate now. */
  static void afterSubscribed(BpmnProcessing bpmn, ElementInstance instance) {
    bpmn.messageCorrelation().correlateBuffered(instance);
  }

  ElementHandler jobTask() {
    return new ElementHandler() {
      @Override
      public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
        String failure = bpmn.jobs.checkJobExpressions(element, instance);
        if (failure != null) {
          bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, failure);
          return;
        }
        if (!openBoundaries(bpmn, element, instance)) {
          return;
        }
        bpmn.markActivated(instance);
        bpmn.jobs.createJob(element, instance);
        afterSubscribed(bpmn, instance);
      }
    };
  }

  ElementHandler scriptTask() {
    var jobs = jobTask();
    return new ElementHandler() {
      @Override
      public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
        if (element.script() == null) {
          jobs.onActivating(element, instance);
          return;
        }
        var result =
            bpmn.expressions.evaluateJson(
                element.script().expression(), bpmn.variables.lookup(instance.key()));
        if (!result.isSuccess()) {
          bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, result.failureMessage());
          return;
        }
        if (!openBoundaries(bpmn, element, instance)) {
          return;
        }
        bpmn.markActivated(instance);
        String resultVariable = element.script().resultVariable();
        if (resultVariable != null && !resultVariable.isBlank()) {
          Map<String, Object> values = new HashMap<>();
          values.put(resultVariable, result.value());
          bpmn.variables.mergeIntoElement(instance, !element.outputMappings().isEmpty(), values);
        }
        bpmn.complete(instance);
      }
    };
  }

  ElementHandler passThrough() {
    return (element, instance) -> {
      bpmn.markActivated(instance);
      bpmn.complete(instance);
    };
  }
}
