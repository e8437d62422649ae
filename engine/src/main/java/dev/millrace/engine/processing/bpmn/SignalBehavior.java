package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.SignalIntent;
import dev.millrace.engine.record.value.SignalRecord;
import java.util.List;
import java.util.Map;

/** Broadcasts a signal: every signal start event starts an instance, every waiter is triggered. */
public final class SignalBehavior {

  private final BpmnProcessing bpmn;

  SignalBehavior(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  /** Writes SIGNAL BROADCASTED and triggers the subscriptions; returns the signal's key. */
  public long broadcast(String signalName, Map<String, Object> variables, String tenantId) {
    String json = variables.isEmpty() ? "" : JsonValues.write(variables);
    long key = bpmn.ctx.newKey();
    bpmn.ctx.event(key, SignalIntent.BROADCASTED, new SignalRecord(signalName, json, tenantId));
    var state = bpmn.ctx.state();
    for (long subscriptionKey : List.copyOf(state.signals().byName(signalName))) {
      var subscription = state.signals().get(subscriptionKey);
      if (subscription == null) {
        continue;
      }
      if (subscription.catchEventInstanceKey() < 0) {
        var definition = state.processes().byKey(subscription.processDefinitionKey());
        if (definition != null) {
          bpmn.starter.start(definition, Map.of(), subscription.catchEventId(), variables, null);
        }
      } else {
        var owner = bpmn.instance(subscription.catchEventInstanceKey());
        if (bpmn.triggers().canTrigger(owner, subscription.catchEventId())) {
          bpmn.triggers().trigger(owner, subscription.catchEventId(), json);
        }
      }
    }
    return key;
  }
}
