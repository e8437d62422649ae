package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.state.ElementInstance;

/**
 * What one kind of element does at each lifecycle step. {@link BpmnProcessing} writes the generic
 * transitions (ACTIVATING, input and output mappings, COMPLETED, TERMINATED) and calls the handler
 * in between.
 */
interface ElementHandler {

  /**
   * The instance is ACTIVATING and its input mappings are applied. Writes ACTIVATED (and maybe
   * completes at once), or raises an incident and leaves the instance ACTIVATING; also called again
   * when that incident is resolved.
   */
  void onActivating(ExecutableFlowNode element, ElementInstance instance);

  /**
   * The instance is COMPLETING, before its output mappings. Returns false after raising an incident
   * (the step is repeated when it is resolved).
   */
  default boolean onCompleting(ExecutableFlowNode element, ElementInstance instance) {
    return true;
  }

  /** The instance is COMPLETED and gone from state; continue the flow (default: take outgoing). */
  default void afterCompleted(ExecutableFlowNode element, CompletedElement completed) {}

  /** The instance is TERMINATING: release what it owns and terminate what it contains. */
  default void onTerminating(ExecutableFlowNode element, ElementInstance instance) {}

  /** A child of this scope instance completed or terminated (scopes only). */
  default void onChildDone(ExecutableFlowNode element, ElementInstance scope) {}
}
