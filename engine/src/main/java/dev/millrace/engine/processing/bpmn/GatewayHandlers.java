package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.bpmn.model.ExecutableSequenceFlow;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.ProcessEventIntent;
import dev.millrace.engine.state.ElementInstance;
import java.util.ArrayList;
import java.util.List;

/** Exclusive, inclusive, parallel and event-based gateways. */
final class GatewayHandlers {

  private static final String NO_MATCH =
      "Expected at least one condition to evaluate to true, or to have a default flow";

  private final BpmnProcessing bpmn;

  GatewayHandlers(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  ElementHandler exclusive() {
    return (element, instance) -> {
      List<ExecutableSequenceFlow> chosen;
      if (element.outgoing().isEmpty()) {
        chosen = List.of();
      } else if (element.outgoing().size() == 1
          && element.outgoing().getFirst().condition() == null) {
        chosen = element.outgoing();
      } else {
        ExecutableSequenceFlow match = null;
        for (var flow : element.outgoing()) {
          if (flow == element.defaultFlow() || flow.condition() == null) {
            continue;
          }
          var result =
              bpmn.expressions.evaluateBoolean(
                  flow.condition(), bpmn.variables.lookup(instance.key()));
          if (!result.isSuccess()) {
            bpmn.incidents.raise(instance, ErrorType.CONDITION_ERROR, result.failureMessage());
            return;
          }
          if (result.value()) {
            match = flow;
            break;
          }
        }
        if (match == null) {
          match = element.defaultFlow();
        }
        if (match == null) {
          bpmn.incidents.raise(instance, ErrorType.CONDITION_ERROR, NO_MATCH);
          return;
        }
        chosen = List.of(match);
      }
      bpmn.markActivated(instance);
      bpmn.complete(instance, chosen);
    };
  }

  ElementHandler inclusive() {
    return (element, instance) -> {
      List<ExecutableSequenceFlow> chosen = new ArrayList<>();
      for (var flow : element.outgoing()) {
        if (flow == element.defaultFlow()) {
          continue;
        }
        if (flow.condition() == null) {
          chosen.add(flow);
          continue;
        }
        var result =
            bpmn.expressions.evaluateBoolean(
                flow.condition(), bpmn.variables.lookup(instance.key()));
        if (!result.isSuccess()) {
          bpmn.incidents.raise(instance, ErrorType.CONDITION_ERROR, result.failureMessage());
          return;
        }
        if (result.value()) {
          chosen.add(flow);
        }
      }
      if (chosen.isEmpty() && !element.outgoing().isEmpty()) {
        if (element.defaultFlow() == null) {
          bpmn.incidents.raise(instance, ErrorType.CONDITION_ERROR, NO_MATCH);
          return;
        }
        chosen.add(element.defaultFlow());
      }
      bpmn.markActivated(instance);
      bpmn.complete(instance, chosen);
    };
  }

  ElementHandler parallel() {
    return (element, instance) -> {
      bpmn.markActivated(instance);
      bpmn.complete(instance);
    };
  }

  ElementHandler eventBased() {
    return new ElementHandler() {
      @Override
      public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
        if (!TaskHandlers.openBoundaries(bpmn, element, instance)) {
          return;
        }
        bpmn.markActivated(instance);
        TaskHandlers.afterSubscribed(bpmn, instance);
      }

      @Override
      public boolean onCompleting(ExecutableFlowNode element, ElementInstance instance) {
        // Hand the event on to the flow scope, where the chosen catch event picks it up.
        var trigger = bpmn.ctx.state().eventTriggers().peek(instance.key());
        if (trigger == null) {
          return true;
        }
        bpmn.ctx.event(trigger.key(), ProcessEventIntent.TRIGGERED, trigger.event());
        String targetId = trigger.event().targetElementId();
        bpmn.subscriptions.writeTrigger(
            instance, instance.flowScopeKey(), targetId, trigger.event().variables());
        for (var flow : element.outgoing()) {
          if (flow.target().id().equals(targetId)) {
            bpmn.chooseFlows(instance, List.of(flow));
          }
        }
        return true;
      }
    };
  }
}
