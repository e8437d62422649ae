package dev.millrace.engine.state;

import dev.millrace.engine.bpmn.model.BpmnTransformer;

/**
 * Everything the engine knows, in memory. Processors read it; only {@link EventApplier} changes it,
 * so replaying the same events always rebuilds the same state.
 */
public final class EngineState {

  private final KeyGenerator keys = new KeyGenerator();
  private final ProcessState processes;
  private final ElementInstanceState elementInstances = new ElementInstanceState();
  private final VariableState variables = new VariableState(elementInstances);
  private final JobState jobs = new JobState();
  private final TimerState timers = new TimerState();
  private final MessageState messages = new MessageState();
  private final SignalState signals = new SignalState();
  private final IncidentState incidents = new IncidentState();
  private final EventTriggerState eventTriggers = new EventTriggerState();

  public EngineState(BpmnTransformer transformer) {
    this.processes = new ProcessState(transformer);
  }

  public KeyGenerator keys() {
    return keys;
  }

  public ProcessState processes() {
    return processes;
  }

  public ElementInstanceState elementInstances() {
    return elementInstances;
  }

  public VariableState variables() {
    return variables;
  }

  public JobState jobs() {
    return jobs;
  }

  public TimerState timers() {
    return timers;
  }

  public MessageState messages() {
    return messages;
  }

  public SignalState signals() {
    return signals;
  }

  public IncidentState incidents() {
    return incidents;
  }

  public EventTriggerState eventTriggers() {
    return eventTriggers;
  }
}
