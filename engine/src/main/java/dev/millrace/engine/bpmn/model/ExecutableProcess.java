package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.record.BpmnElementType;
import java.util.Map;

/** A deployed process, ready to run: its root scope and every element by id. */
public final class ExecutableProcess {

  private final String bpmnProcessId;
  private final ExecutableFlowNode root;
  private final Map<String, ExecutableFlowNode> elements;
  private final Map<String, ExecutableSequenceFlow> sequenceFlows;

  ExecutableProcess(
      String bpmnProcessId,
      ExecutableFlowNode root,
      Map<String, ExecutableFlowNode> elements,
      Map<String, ExecutableSequenceFlow> sequenceFlows) {
    this.bpmnProcessId = bpmnProcessId;
    this.root = root;
    this.elements = Map.copyOf(elements);
    this.sequenceFlows = Map.copyOf(sequenceFlows);
  }

  public ExecutableSequenceFlow sequenceFlow(String id) {
    return sequenceFlows.get(id);
  }

  public String bpmnProcessId() {
    return bpmnProcessId;
  }

  public ExecutableFlowNode root() {
    return root;
  }

  /**
   * The element with this id; for a multi-instance activity that is its body, whose {@link
   * ExecutableFlowNode#innerActivity()} is the activity itself.
   */
  public ExecutableFlowNode element(String id) {
    return elements.get(id);
  }

  /** The element an element instance record refers to (body or inner activity by type). */
  public ExecutableFlowNode element(String id, BpmnElementType type) {
    if (id.equals(bpmnProcessId) && type == BpmnElementType.PROCESS) {
      return root;
    }
    ExecutableFlowNode element = elements.get(id);
    if (element != null
        && element.isMultiInstanceBody()
        && type != BpmnElementType.MULTI_INSTANCE_BODY) {
      return element.innerActivity();
    }
    return element;
  }
}
