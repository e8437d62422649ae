package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.state.ElementInstance;

/**
 * An awaited event happened (message correlated, timer due, signal broadcast): decide whether the
 * owning instance takes it, and if so interrupt, start or complete what the target says.
 */
public final class TriggerBehavior {

  private final BpmnProcessing bpmn;

  public TriggerBehavior(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  private enum Kind {
    BOUNDARY,
    EVENT_SUB_PROCESS,
    CATCH,
    NONE
  }

  private Kind kindOf(
      ElementInstance owner, ExecutableFlowNode element, ExecutableFlowNode target) {
    if (target == null) {
      return Kind.NONE;
    }
    if (target.elementType() == BpmnElementType.BOUNDARY_EVENT && target.attachedTo() == element) {
      return Kind.BOUNDARY;
    }
    if (target.elementType() == BpmnElementType.START_EVENT
        && target.flowScope() != null
        && target.flowScope().elementType() == BpmnElementType.EVENT_SUB_PROCESS
        && target.flowScope().flowScope() == element) {
      return Kind.EVENT_SUB_PROCESS;
    }
    if (target == element
        || (element.elementType() == BpmnElementType.EVENT_BASED_GATEWAY
            && element.eventBasedGatewayTargets().contains(target))) {
      return Kind.CATCH;
    }
    return Kind.NONE;
  }

  private ExecutableFlowNode target(ElementInstance owner, String targetId) {
    var definition = bpmn.ctx.state().processes().byKey(owner.value().processDefinitionKey());
    var target = definition.executable().element(targetId);
    return target != null && target.isMultiInstanceBody() ? target.innerActivity() : target;
  }

  /** Whether {@link #trigger} would take the event; no records written. */
  public boolean canTrigger(ElementInstance owner, String targetId) {
    if (owner == null || owner.state() != ProcessInstanceIntent.ELEMENT_ACTIVATED) {
      return false;
    }
    var element = bpmn.elementOf(owner);
    var target = target(owner, targetId);
    return switch (kindOf(owner, element, target)) {
      case BOUNDARY -> true;
      case EVENT_SUB_PROCESS -> !(target.interrupting() && owner.interrupted());
      case CATCH -> !bpmn.subscriptions.hasTrigger(owner.key());
      case NONE -> false;
    };
  }

  /** Takes the event for {@code targetId}; only call after {@link #canTrigger} said yes. */
  public void trigger(ElementInstance owner, String targetId, String variablesJson) {
    var element = bpmn.elementOf(owner);
    var target = target(owner, targetId);
    switch (kindOf(owner, element, target)) {
      case BOUNDARY -> {
        bpmn.subscriptions.writeTrigger(owner, owner.flowScopeKey(), target.id(), variablesJson);
        if (target.interrupting()) {
          bpmn.terminate(owner); // its termination activates the boundary event
        } else {
          bpmn.activateNow(bpmn.instance(owner.flowScopeKey()), target);
        }
      }
      case EVENT_SUB_PROCESS -> {
        var eventSubProcess = target.flowScope();
        bpmn.subscriptions.writeTrigger(owner, owner.key(), target.id(), variablesJson);
        if (target.interrupting()) {
          // No other event sub-process may start any more; the scope's children make way.
          bpmn.subscriptions.closeWhere(owner, id -> isEventSubProcessStart(element, id));
          for (var child : bpmn.ctx.state().elementInstances().children(owner.key())) {
            if (child.isLive()) {
              bpmn.terminate(child);
            }
          }
          var scope = bpmn.instance(owner.key());
          if (scope != null && scope.childCount() == 0) {
            bpmn.activateNow(scope, eventSubProcess);
          }
        } else {
          bpmn.activateNow(owner, eventSubProcess);
        }
      }
      case CATCH -> {
        bpmn.subscriptions.writeTrigger(owner, owner.key(), target.id(), variablesJson);
        bpmn.queueComplete(owner);
      }
      case NONE -> throw new IllegalStateException(targetId + " is not awaited by " + owner);
    }
  }

  private static boolean isEventSubProcessStart(ExecutableFlowNode scope, String id) {
    for (var eventSubProcess : scope.eventSubProcesses()) {
      var start = eventSubProcess.eventSubProcessStartEvent();
      if (start != null && start.id().equals(id)) {
        return true;
      }
    }
    return false;
  }
}
