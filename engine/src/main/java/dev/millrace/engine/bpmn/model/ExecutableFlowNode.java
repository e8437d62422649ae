package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.bpmn.model.Definitions.CalledElement;
import dev.millrace.engine.bpmn.model.Definitions.ErrorDefinition;
import dev.millrace.engine.bpmn.model.Definitions.JobDefinition;
import dev.millrace.engine.bpmn.model.Definitions.LoopCharacteristics;
import dev.millrace.engine.bpmn.model.Definitions.Mapping;
import dev.millrace.engine.bpmn.model.Definitions.MessageDefinition;
import dev.millrace.engine.bpmn.model.Definitions.Script;
import dev.millrace.engine.bpmn.model.Definitions.SignalDefinition;
import dev.millrace.engine.bpmn.model.Definitions.TimerDefinition;
import dev.millrace.engine.feel.Expression;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;
import java.util.ArrayList;
import java.util.List;

/**
 * One executable element (process, sub-process, task, event, gateway, multi-instance body). A
 * single class with optional parts keeps the behaviours simple: each reads only the parts its
 * element kind has. Built once per deployment by the transformer, then read-only.
 */
public final class ExecutableFlowNode {

  private final String id;
  private final String name;
  private final BpmnElementType elementType;
  private final BpmnEventType eventType;

  ExecutableFlowNode flowScope;
  final List<ExecutableSequenceFlow> incoming = new ArrayList<>();
  final List<ExecutableSequenceFlow> outgoing = new ArrayList<>();
  final List<Mapping> inputMappings = new ArrayList<>();
  final List<Mapping> outputMappings = new ArrayList<>();

  // Activities
  final List<ExecutableFlowNode> boundaryEvents = new ArrayList<>();
  JobDefinition jobDefinition;
  Script script;
  CalledElement calledElement;

  // Multi-instance: the body wraps the inner activity (both share the id, as in Zeebe).
  ExecutableFlowNode innerActivity;
  LoopCharacteristics loopCharacteristics;

  // Flow scopes (process, sub-processes, event sub-processes, multi-instance body)
  final List<ExecutableFlowNode> children = new ArrayList<>();
  ExecutableFlowNode noneStartEvent;
  final List<ExecutableFlowNode> startEvents = new ArrayList<>();
  final List<ExecutableFlowNode> eventSubProcesses = new ArrayList<>();

  // Events
  ExecutableFlowNode attachedTo;
  boolean interrupting = true;
  MessageDefinition message;
  TimerDefinition timer;
  SignalDefinition signal;
  ErrorDefinition error;

  // Gateways
  ExecutableSequenceFlow defaultFlow;

  ExecutableFlowNode(String id, String name, BpmnElementType elementType, BpmnEventType eventType) {
    this.id = id;
    this.name = name;
    this.elementType = elementType;
    this.eventType = eventType;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public BpmnElementType elementType() {
    return elementType;
  }

  public BpmnEventType eventType() {
    return eventType;
  }

  /** The enclosing process, sub-process or multi-instance body; null for the process itself. */
  public ExecutableFlowNode flowScope() {
    return flowScope;
  }

  public List<ExecutableSequenceFlow> incoming() {
    return incoming;
  }

  public List<ExecutableSequenceFlow> outgoing() {
    return outgoing;
  }

  public List<Mapping> inputMappings() {
    return inputMappings;
  }

  public List<Mapping> outputMappings() {
    return outputMappings;
  }

  public List<ExecutableFlowNode> boundaryEvents() {
    return boundaryEvents;
  }

  public JobDefinition jobDefinition() {
    return jobDefinition;
  }

  public Script script() {
    return script;
  }

  public CalledElement calledElement() {
    return calledElement;
  }

  public ExecutableFlowNode innerActivity() {
    return innerActivity;
  }

  public LoopCharacteristics loopCharacteristics() {
    return loopCharacteristics;
  }

  public List<ExecutableFlowNode> children() {
    return children;
  }

  public ExecutableFlowNode noneStartEvent() {
    return noneStartEvent;
  }

  /** Message, timer and signal start events of a process. */
  public List<ExecutableFlowNode> startEvents() {
    return startEvents;
  }

  public List<ExecutableFlowNode> eventSubProcesses() {
    return eventSubProcesses;
  }

  public ExecutableFlowNode attachedTo() {
    return attachedTo;
  }

  public boolean interrupting() {
    return interrupting;
  }

  public MessageDefinition message() {
    return message;
  }

  public TimerDefinition timer() {
    return timer;
  }

  public SignalDefinition signal() {
    return signal;
  }

  public ErrorDefinition error() {
    return error;
  }

  public ExecutableSequenceFlow defaultFlow() {
    return defaultFlow;
  }

  public boolean isFlowScope() {
    return switch (elementType) {
      case PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, MULTI_INSTANCE_BODY -> true;
      default -> false;
    };
  }

  public boolean isMultiInstanceBody() {
    return elementType == BpmnElementType.MULTI_INSTANCE_BODY;
  }

  /** For an event sub-process: its (single) start event. */
  public ExecutableFlowNode eventSubProcessStartEvent() {
    return startEvents.isEmpty() ? null : startEvents.getFirst();
  }

  /** Catch events that wait for something: following events of an event-based gateway. */
  public List<ExecutableFlowNode> eventBasedGatewayTargets() {
    return outgoing.stream().map(ExecutableSequenceFlow::target).toList();
  }

  /** Expression helper: the job type, for tasks that create jobs. */
  public Expression jobType() {
    return jobDefinition == null ? null : jobDefinition.type();
  }

  @Override
  public String toString() {
    return elementType + ":" + id;
  }
}
