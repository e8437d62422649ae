package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.state.ElementInstance;
import java.util.Map;

/**
 * BPMN errors: finds the catching boundary event or event sub-process from the throwing element
 * outwards (across call activities), a matching error code winning over a catch-all at each level,
 * and interrupts the scope it belongs to.
 */
public final class ErrorBehavior {

  private final BpmnProcessing bpmn;

  ErrorBehavior(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  private record Catcher(ElementInstance owner, ExecutableFlowNode catchEvent, boolean boundary) {}

  /** Throws; returns false when nothing catches it (the caller raises the incident). */
  public boolean throwError(
      ElementInstance thrower, String errorCode, Map<String, Object> variables) {
    Catcher catcher = find(thrower, errorCode);
    if (catcher == null) {
      return false;
    }
    String json = variables == null || variables.isEmpty() ? "" : JsonValues.write(variables);
    var owner = catcher.owner();
    if (catcher.boundary()) {
      bpmn.subscriptions.writeTrigger(owner, owner.flowScopeKey(), catcher.catchEvent().id(), json);
      bpmn.terminate(owner);
    } else {
      bpmn.subscriptions.writeTrigger(owner, owner.key(), catcher.catchEvent().id(), json);
      for (var child : bpmn.ctx.state().elementInstances().children(owner.key())) {
        if (child.isLive()) {
          bpmn.terminate(child);
        }
      }
      var scope = bpmn.instance(owner.key());
      if (scope != null && scope.childCount() == 0) {
        bpmn.childDone(scope);
      }
    }
    return true;
  }

  public static String unhandledMessage(String errorCode, String errorMessage) {
    return "Expected to throw an error event with the code '"
        + errorCode
        + "'"
        + (errorMessage == null || errorMessage.isEmpty()
            ? ""
            : " with message '" + errorMessage + "'")
        + ", but it was not caught. No error events are available in the scope.";
  }

  private Catcher find(ElementInstance thrower, String errorCode) {
    ElementInstance current = thrower;
    while (current != null) {
      var element = bpmn.elementOf(current);
      if (current.isLive() || current == thrower) {
        Catcher found = match(current, element, errorCode, true);
        if (found == null) {
          found = match(current, element, errorCode, false);
        }
        if (found != null) {
          return found;
        }
      }
      if (element.elementType() == BpmnElementType.PROCESS) {
        long caller = current.value().parentElementInstanceKey();
        current = caller >= 0 ? bpmn.instance(caller) : null;
      } else {
        current = bpmn.instance(current.flowScopeKey());
      }
    }
    return null;
  }

  private Catcher match(
      ElementInstance owner, ExecutableFlowNode element, String errorCode, boolean exact) {
    for (var boundary : element.boundaryEvents()) {
      if (catches(boundary, errorCode, exact)) {
        return new Catcher(owner, boundary, true);
      }
    }
    for (var eventSubProcess : element.eventSubProcesses()) {
      var start = eventSubProcess.eventSubProcessStartEvent();
      if (start != null && catches(start, errorCode, exact) && !owner.interrupted()) {
        return new Catcher(owner, start, false);
      }
    }
    return null;
  }

  private static boolean catches(ExecutableFlowNode event, String errorCode, boolean exact) {
    if (event.eventType() != BpmnEventType.ERROR || event.error() == null) {
      return false;
    }
    String code = event.error().errorCode();
    return exact ? errorCode.equals(code) : code == null;
  }

  static boolean isActive(ElementInstance instance) {
    return instance.state() == ProcessInstanceIntent.ELEMENT_ACTIVATED;
  }
}
