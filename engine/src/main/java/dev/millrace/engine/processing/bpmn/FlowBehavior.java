package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.bpmn.model.ExecutableSequenceFlow;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.state.ElementInstance;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Tokens moving along sequence flows, and the joining gateways that wait for them. */
final class FlowBehavior {

  private final BpmnProcessing bpmn;

  FlowBehavior(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  void take(ElementInstance scope, List<ExecutableSequenceFlow> flows) {
    if (scope == null) {
      return;
    }
    for (var flow : flows) {
      var record =
          scope
              .value()
              .withElementId(flow.id())
              .withBpmnElementType(BpmnElementType.SEQUENCE_FLOW)
              .withBpmnEventType(BpmnEventType.UNSPECIFIED)
              .withFlowScopeKey(scope.key());
      bpmn.ctx.event(bpmn.ctx.newKey(), ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN, record);
      var target = flow.target();
      if (isJoin(target)) {
        // Joins activate at once so a second token cannot queue a second activation.
        if (joinReady(scope, target)) {
          bpmn.activateNow(scope, target);
        }
      } else {
        bpmn.queueActivate(scope, target);
      }
    }
  }

  static boolean isJoin(ExecutableFlowNode node) {
    return (node.elementType() == BpmnElementType.PARALLEL_GATEWAY
            || node.elementType() == BpmnElementType.INCLUSIVE_GATEWAY)
        && node.incoming().size() > 1;
  }

  private boolean joinReady(ElementInstance scope, ExecutableFlowNode join) {
    boolean all = true;
    boolean any = false;
    for (var flow : join.incoming()) {
      if (scope.waitingFlows(flow.id()) > 0) {
        any = true;
      } else {
        all = false;
      }
    }
    if (all) {
      return true;
    }
    if (!any || join.elementType() == BpmnElementType.PARALLEL_GATEWAY) {
      return false;
    }
    return !canStillArrive(scope, join);
  }

  /**
   * Inclusive join: can a token still reach one of the join's incoming flows that has none yet,
   * from an element instance running in the scope or a token in flight?
   */
  private boolean canStillArrive(ElementInstance scope, ExecutableFlowNode join) {
    Set<String> emptyIncoming = new HashSet<>();
    for (var flow : join.incoming()) {
      if (scope.waitingFlows(flow.id()) == 0) {
        emptyIncoming.add(flow.id());
      }
    }
    var starts = new ArrayDeque<ExecutableFlowNode>();
    for (var child : bpmn.ctx.state().elementInstances().children(scope.key())) {
      var element = bpmn.elementOf(child);
      if (element != join) {
        starts.add(element);
      }
    }
    for (var command : bpmn.ctx.internalCommands()) {
      if (command.intent() == ProcessInstanceIntent.ACTIVATE_ELEMENT
          && command.value() instanceof dev.millrace.engine.record.value.ProcessInstanceRecord v
          && v.flowScopeKey() == scope.key()) {
        starts.add(bpmn.elementOf(v));
      }
    }
    Set<ExecutableFlowNode> seen = new HashSet<>();
    while (!starts.isEmpty()) {
      var node = starts.poll();
      if (!seen.add(node)) {
        continue;
      }
      for (var flow : node.outgoing()) {
        if (flow.target() == join) {
          if (emptyIncoming.contains(flow.id())) {
            return true;
          }
        } else {
          starts.add(flow.target());
        }
      }
      starts.addAll(node.boundaryEvents());
    }
    return false;
  }

  /** Re-checks inclusive joins of the scope whose missing tokens can no longer arrive. */
  void checkInclusiveJoins(ElementInstance scope) {
    if (scope.activeSequenceFlows() == 0) {
      return;
    }
    var element = bpmn.elementOf(scope);
    var candidates =
        element.isMultiInstanceBody() ? List.<ExecutableFlowNode>of() : element.children();
    for (var child : candidates) {
      if (child.elementType() == BpmnElementType.INCLUSIVE_GATEWAY
          && isJoin(child)
          && joinReady(scope, child)) {
        bpmn.activateNow(scope, child);
      }
    }
  }
}
