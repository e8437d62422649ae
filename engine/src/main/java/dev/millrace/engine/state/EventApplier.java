package dev.millrace.engine.state;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.DeploymentIntent;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.JobBatchIntent;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.MessageIntent;
import dev.millrace.engine.record.MessageStartEventSubscriptionIntent;
import dev.millrace.engine.record.MessageSubscriptionIntent;
import dev.millrace.engine.record.ProcessEventIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.SignalSubscriptionIntent;
import dev.millrace.engine.record.TimerIntent;
import dev.millrace.engine.record.VariableIntent;
import dev.millrace.engine.record.value.DeploymentRecord;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.JobBatchRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.record.value.MessageStartEventSubscriptionRecord;
import dev.millrace.engine.record.value.MessageSubscriptionRecord;
import dev.millrace.engine.record.value.ProcessEventRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.ProcessRecord;
import dev.millrace.engine.record.value.SignalSubscriptionRecord;
import dev.millrace.engine.record.value.TimerRecord;
import dev.millrace.engine.record.value.VariableRecord;
import dev.millrace.engine.state.JobState.State;
import java.util.LinkedHashMap;

/**
 * The only code that changes {@link EngineState}: one case per event. Processing applies each event
 * as it writes it; recovery applies the same events read back from the log.
 */
public final class EventApplier {

  private final EngineState state;

  public EventApplier(EngineState state) {
    this.state = state;
  }

  public void apply(Record record) {
    if (!record.isEvent()) {
      return; // commands and rejections carry keys a client sent: never trust them as issued
    }
    state.keys().observe(record.key());
    switch (record.valueType()) {
      case DEPLOYMENT -> deployment(record);
      case PROCESS -> state.processes().put((ProcessRecord) record.value());
      case PROCESS_INSTANCE -> processInstance(record);
      case JOB -> job(record);
      case JOB_BATCH -> jobBatch(record);
      case VARIABLE -> variable(record);
      case INCIDENT -> incident(record);
      case TIMER -> timer(record);
      case MESSAGE -> message(record);
      case MESSAGE_SUBSCRIPTION -> messageSubscription(record);
      case MESSAGE_START_EVENT_SUBSCRIPTION -> messageStartSubscription(record);
      case SIGNAL_SUBSCRIPTION -> signalSubscription(record);
      case PROCESS_EVENT -> processEvent(record);
      case PROCESS_INSTANCE_CREATION, VARIABLE_DOCUMENT, SIGNAL -> {}
    }
  }

  private void deployment(Record record) {
    if (record.intent() == DeploymentIntent.CREATED) {
      var value = (DeploymentRecord) record.value();
      var keys = new LinkedHashMap<String, Long>();
      value.processes().forEach(p -> keys.put(p.bpmnProcessId(), p.processDefinitionKey()));
      state.processes().putDeployment(record.key(), keys);
    }
  }

  private void processInstance(Record record) {
    var value = (ProcessInstanceRecord) record.value();
    var instances = state.elementInstances();
    long key = record.key();
    switch ((ProcessInstanceIntent) record.intent()) {
      case ELEMENT_ACTIVATING -> {
        instances.activating(key, value);
        consumeIncomingFlows(value);
        if (value.bpmnElementType() == BpmnElementType.END_EVENT
            && value.bpmnEventType() == dev.millrace.engine.record.BpmnEventType.TERMINATE) {
          // A terminate end event ends its scope: tokens still on their way die with it.
          var terminated = instances.get(value.flowScopeKey());
          if (terminated != null) {
            terminated.interrupted = true;
          }
        }
        var scope = instances.get(value.flowScopeKey());
        if (scope != null && scope.value.bpmnElementType() == BpmnElementType.MULTI_INSTANCE_BODY) {
          scope.loopCounter++;
        }
        if (value.bpmnElementType() == BpmnElementType.PROCESS
            && value.parentElementInstanceKey() >= 0) {
          var caller = instances.get(value.parentElementInstanceKey());
          if (caller != null) {
            caller.calledChildInstanceKey = key;
          }
        }
      }
      case ELEMENT_ACTIVATED, ELEMENT_COMPLETING, ELEMENT_TERMINATING ->
          instances.transition(key, (ProcessInstanceIntent) record.intent());
      case ELEMENT_COMPLETED, ELEMENT_TERMINATED -> {
        instances.remove(key);
        state.variables().removeScope(key);
        state.eventTriggers().removeScope(key);
        if (value.bpmnElementType() == BpmnElementType.PROCESS) {
          state.messages().instanceEnded(key);
          if (value.parentElementInstanceKey() >= 0) {
            var caller = instances.get(value.parentElementInstanceKey());
            if (caller != null && caller.calledChildInstanceKey == key) {
              caller.calledChildInstanceKey = -1;
            }
          }
        }
      }
      case SEQUENCE_FLOW_TAKEN -> {
        var scope = instances.get(value.flowScopeKey());
        if (scope != null) {
          scope.activeSequenceFlows++;
          var flowTarget = targetOfFlow(value);
          if (flowTarget != null && isJoin(flowTarget)) {
            scope.waitingFlows.merge(value.elementId(), 1, Integer::sum);
          }
        }
      }
      default -> {}
    }
  }

  /** An element reached through sequence flows uses them up; a join uses one of each waiting. */
  private void consumeIncomingFlows(ProcessInstanceRecord value) {
    var scope = state.elementInstances().get(value.flowScopeKey());
    if (scope == null) {
      return;
    }
    ExecutableFlowNode element = elementOf(value);
    if (element == null || element.incoming().isEmpty()) {
      return;
    }
    if (isJoin(element)) {
      for (var flow : element.incoming()) {
        Integer waiting = scope.waitingFlows.get(flow.id());
        if (waiting != null && waiting > 0) {
          if (waiting == 1) {
            scope.waitingFlows.remove(flow.id());
          } else {
            scope.waitingFlows.put(flow.id(), waiting - 1);
          }
          scope.activeSequenceFlows--;
        }
      }
    } else {
      scope.activeSequenceFlows--;
    }
  }

  private static boolean isJoin(ExecutableFlowNode element) {
    return (element.elementType() == BpmnElementType.PARALLEL_GATEWAY
            || element.elementType() == BpmnElementType.INCLUSIVE_GATEWAY)
        && element.incoming().size() > 1;
  }

  private ExecutableFlowNode elementOf(ProcessInstanceRecord value) {
    var definition = state.processes().byKey(value.processDefinitionKey());
    return definition == null
        ? null
        : definition.executable().element(value.elementId(), value.bpmnElementType());
  }

  private ExecutableFlowNode targetOfFlow(ProcessInstanceRecord flowTaken) {
    var definition = state.processes().byKey(flowTaken.processDefinitionKey());
    var flow =
        definition == null ? null : definition.executable().sequenceFlow(flowTaken.elementId());
    return flow == null ? null : flow.target();
  }

  private void job(Record record) {
    var jobs = state.jobs();
    long key = record.key();
    var value = (JobRecord) record.value();
    switch ((JobIntent) record.intent()) {
      case CREATED -> {
        jobs.put(key, value, State.ACTIVATABLE);
        var instance = state.elementInstances().get(value.elementInstanceKey());
        if (instance != null) {
          instance.jobKey = key;
        }
      }
      case COMPLETED, CANCELED -> {
        jobs.remove(key);
        var instance = state.elementInstances().get(value.elementInstanceKey());
        if (instance != null && instance.jobKey == key) {
          instance.jobKey = -1;
        }
      }
      case FAILED -> {
        State next;
        if (value.retries() <= 0) {
          next = State.FAILED_NO_RETRIES;
        } else if (value.retryBackoff() > 0) {
          next = State.FAILED_WAITING_FOR_BACKOFF;
        } else {
          next = State.ACTIVATABLE;
        }
        jobs.put(key, value.withVariables(""), next);
      }
      case ERROR_THROWN -> jobs.put(key, value.withVariables(""), State.ERROR_THROWN);
      case RETRIES_UPDATED, TIMEOUT_UPDATED -> {
        var current = jobs.get(key);
        if (current != null) {
          jobs.put(key, value.withVariables(""), current.state());
        }
      }
      case TIMED_OUT, YIELDED, RECURRED_AFTER_BACKOFF ->
          jobs.put(key, value.withVariables(""), State.ACTIVATABLE);
      default -> {}
    }
  }

  private void jobBatch(Record record) {
    if (record.intent() != JobBatchIntent.ACTIVATED) {
      return;
    }
    var batch = (JobBatchRecord) record.value();
    for (int i = 0; i < batch.jobKeys().size(); i++) {
      state
          .jobs()
          .put(batch.jobKeys().get(i), batch.jobs().get(i).withVariables(""), State.ACTIVATED);
    }
  }

  private void variable(Record record) {
    var value = (VariableRecord) record.value();
    if (record.intent() == VariableIntent.CREATED || record.intent() == VariableIntent.UPDATED) {
      state.variables().set(value.scopeKey(), value.name(), value.value());
    }
  }

  private void incident(Record record) {
    var value = (IncidentRecord) record.value();
    switch ((IncidentIntent) record.intent()) {
      case CREATED -> state.incidents().put(record.key(), value);
      case RESOLVED -> {
        state.incidents().remove(record.key());
        if (value.jobKey() >= 0) {
          var job = state.jobs().get(value.jobKey());
          if (job != null
              && (job.state() == State.FAILED_NO_RETRIES || job.state() == State.ERROR_THROWN)
              && job.record().retries() > 0) {
            state.jobs().put(value.jobKey(), job.record(), State.ACTIVATABLE);
          }
        }
      }
      default -> {}
    }
  }

  private void timer(Record record) {
    switch ((TimerIntent) record.intent()) {
      case CREATED -> state.timers().put(record.key(), (TimerRecord) record.value());
      case TRIGGERED, CANCELED -> state.timers().remove(record.key());
      default -> {}
    }
  }

  private void message(Record record) {
    switch ((MessageIntent) record.intent()) {
      case PUBLISHED -> {
        var message = (MessageRecord) record.value();
        if (message.timeToLive() > 0) {
          state.messages().putMessage(record.key(), message);
        }
      }
      case EXPIRED -> state.messages().removeMessage(record.key());
      default -> {}
    }
  }

  private void messageSubscription(Record record) {
    var value = (MessageSubscriptionRecord) record.value();
    switch ((MessageSubscriptionIntent) record.intent()) {
      case CREATED -> state.messages().putSubscription(record.key(), value);
      case CORRELATED -> {
        state.messages().markCorrelated(value.messageKey(), value.bpmnProcessId());
        if (value.interrupting()) {
          state.messages().removeSubscription(record.key());
        }
      }
      case DELETED -> state.messages().removeSubscription(record.key());
    }
  }

  private void messageStartSubscription(Record record) {
    var value = (MessageStartEventSubscriptionRecord) record.value();
    switch ((MessageStartEventSubscriptionIntent) record.intent()) {
      case CREATED -> state.messages().putStartSubscription(record.key(), value);
      case CORRELATED -> {
        state.messages().markCorrelated(value.messageKey(), value.bpmnProcessId());
        if (!value.correlationKey().isEmpty()) {
          state
              .messages()
              .startedByMessage(
                  value.bpmnProcessId(), value.correlationKey(), value.processInstanceKey());
        }
      }
      case DELETED -> state.messages().removeStartSubscription(record.key(), value.messageName());
    }
  }

  private void signalSubscription(Record record) {
    switch ((SignalSubscriptionIntent) record.intent()) {
      case CREATED -> state.signals().put(record.key(), (SignalSubscriptionRecord) record.value());
      case DELETED -> state.signals().remove(record.key());
    }
  }

  private void processEvent(Record record) {
    var value = (ProcessEventRecord) record.value();
    switch ((ProcessEventIntent) record.intent()) {
      case TRIGGERING -> {
        state.eventTriggers().add(record.key(), value);
        markInterruptedIfEventSubProcess(value);
      }
      case TRIGGERED -> state.eventTriggers().remove(record.key(), value.scopeKey());
    }
  }

  /** An interrupting event sub-process takes over its scope: nothing else may complete it. */
  private void markInterruptedIfEventSubProcess(ProcessEventRecord value) {
    var definition = state.processes().byKey(value.processDefinitionKey());
    var scope = state.elementInstances().get(value.scopeKey());
    if (definition == null || scope == null) {
      return;
    }
    var target = definition.executable().element(value.targetElementId());
    if (target != null
        && target.elementType() == BpmnElementType.START_EVENT
        && target.flowScope() != null
        && target.flowScope().elementType() == BpmnElementType.EVENT_SUB_PROCESS
        && target.interrupting()) {
      scope.interrupted = true;
    }
  }
}
