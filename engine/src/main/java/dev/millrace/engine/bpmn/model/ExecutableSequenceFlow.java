package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.feel.Expression;

/** A sequence flow; {@code condition} is null for unconditional flows. */
public final class ExecutableSequenceFlow {

  private final String id;
  private final Expression condition;
  private ExecutableFlowNode source;
  private ExecutableFlowNode target;

  public ExecutableSequenceFlow(String id, Expression condition) {
    this.id = id;
    this.condition = condition;
  }

  public String id() {
    return id;
  }

  public Expression condition() {
    return condition;
  }

  public ExecutableFlowNode source() {
    return source;
  }

  public ExecutableFlowNode target() {
    return target;
  }

  void connect(ExecutableFlowNode source, ExecutableFlowNode target) {
    this.source = source;
    this.target = target;
  }

  @Override
  public String toString() {
    return id;
  }
}
