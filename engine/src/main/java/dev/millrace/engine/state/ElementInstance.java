package dev.millrace.engine.state;

import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * A running element instance. Mutable, owned by {@link ElementInstanceState}; changed only by event
 * appliers.
 */
public final class ElementInstance {

  private final long key;
  ProcessInstanceRecord value;
  ProcessInstanceIntent state;

  /** Child element instances not yet completed or terminated. */
  int childCount;

  /** Sequence flows taken inside this scope whose target has not consumed them yet. */
  int activeSequenceFlows;

  /** Taken flows waiting at joining gateways of this scope, by sequence flow id. */
  final Map<String, Integer> waitingFlows = new HashMap<>();

  long jobKey = -1;
  long calledChildInstanceKey = -1;

  /** Multi-instance body: inner instances started so far (the next loopCounter - 1). */
  int loopCounter;

  /** An interrupting event sub-process or boundary event took over this scope. */
  boolean interrupted;

  ElementInstance(long key, ProcessInstanceRecord value, ProcessInstanceIntent state) {
    this.key = key;
    this.value = value;
    this.state = state;
  }

  public long key() {
    return key;
  }

  public ProcessInstanceRecord value() {
    return value;
  }

  public ProcessInstanceIntent state() {
    return state;
  }

  public int childCount() {
    return childCount;
  }

  public int activeSequenceFlows() {
    return activeSequenceFlows;
  }

  public int waitingFlows(String sequenceFlowId) {
    return waitingFlows.getOrDefault(sequenceFlowId, 0);
  }

  public long jobKey() {
    return jobKey;
  }

  public long calledChildInstanceKey() {
    return calledChildInstanceKey;
  }

  public int loopCounter() {
    return loopCounter;
  }

  public boolean interrupted() {
    return interrupted;
  }

  public long processInstanceKey() {
    return value.processInstanceKey();
  }

  public long flowScopeKey() {
    return value.flowScopeKey();
  }

  public boolean isActive() {
    return state == ProcessInstanceIntent.ELEMENT_ACTIVATED
        || state == ProcessInstanceIntent.ELEMENT_ACTIVATING;
  }

  public boolean isTerminating() {
    return state == ProcessInstanceIntent.ELEMENT_TERMINATING;
  }

  /** Can still complete or be terminated: not already on its way out. */
  public boolean isLive() {
    return state == ProcessInstanceIntent.ELEMENT_ACTIVATING
        || state == ProcessInstanceIntent.ELEMENT_ACTIVATED
        || state == ProcessInstanceIntent.ELEMENT_COMPLETING;
  }

  @Override
  public String toString() {
    return value.bpmnElementType() + ":" + value.elementId() + "#" + key + " " + state;
  }
}
