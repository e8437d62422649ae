package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;

/** Builds an event element from its (single) event definition, checking what each kind allows. */
final class EventDefinitions {

  private EventDefinitions() {}

  static ExecutableFlowNode build(
      ElementFeatures features,
      Problems problems,
      Event event,
      BpmnElementType type,
      EventDefinition definition) {
    String id = event.getId();
    String name = event.getName();
    if (definition == null) {
      if (type == BpmnElementType.BOUNDARY_EVENT
          || type == BpmnElementType.INTERMEDIATE_CATCH_EVENT) {
        problems.add(id, "Must have an event definition (message, timer, signal or error)");
        return null;
      }
      return new ExecutableFlowNode(id, name, type, BpmnEventType.NONE);
    }
    boolean catching =
        type == BpmnElementType.START_EVENT
            || type == BpmnElementType.INTERMEDIATE_CATCH_EVENT
            || type == BpmnElementType.BOUNDARY_EVENT;
    return switch (definition) {
      case MessageEventDefinition m -> {
        var node = new ExecutableFlowNode(id, name, type, BpmnEventType.MESSAGE);
        if (catching) {
          // Message start events of a process correlate without a key; all others need one.
          boolean needsKey = type != BpmnElementType.START_EVENT || isEventSubProcessStart(event);
          node.message = features.message(event, m.getMessage(), needsKey);
        } else {
          node.jobDefinition = features.jobDefinition(event);
          if (node.jobDefinition == null) {
            problems.add(id, "A message throw event must have a zeebe:taskDefinition");
          }
        }
        yield node;
      }
      case TimerEventDefinition t -> {
        if (!catching) {
          problems.add(id, "Timer event definitions are only allowed on catching events");
          yield null;
        }
        var node = new ExecutableFlowNode(id, name, type, BpmnEventType.TIMER);
        node.timer = features.timer(id, t);
        yield node;
      }
      case SignalEventDefinition s -> {
        var node = new ExecutableFlowNode(id, name, type, BpmnEventType.SIGNAL);
        node.signal = features.signal(id, s.getSignal());
        yield node;
      }
      case ErrorEventDefinition e -> {
        if (type == BpmnElementType.INTERMEDIATE_CATCH_EVENT
            || type == BpmnElementType.INTERMEDIATE_THROW_EVENT
            || (type == BpmnElementType.START_EVENT && !isEventSubProcessStart(event))) {
          problems.add(
              id,
              "Error events are only allowed as end, boundary or event sub-process start events");
          yield null;
        }
        var node = new ExecutableFlowNode(id, name, type, BpmnEventType.ERROR);
        node.error = features.error(id, e.getError(), type == BpmnElementType.END_EVENT);
        yield node;
      }
      case TerminateEventDefinition t -> {
        if (type != BpmnElementType.END_EVENT) {
          problems.add(id, "Terminate event definitions are only allowed on end events");
          yield null;
        }
        yield new ExecutableFlowNode(id, name, type, BpmnEventType.TERMINATE);
      }
      default -> {
        problems.add(
            id,
            "Event definitions of type '"
                + definition.getElementType().getTypeName()
                + "' are not supported");
        yield null;
      }
    };
  }

  private static boolean isEventSubProcessStart(Event event) {
    return event.getParentElement() instanceof io.camunda.zeebe.model.bpmn.instance.SubProcess sub
        && sub.triggeredByEvent();
  }
}
