package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.MessageStartEventSubscriptionIntent;
import dev.millrace.engine.record.MessageSubscriptionIntent;
import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.state.ElementInstance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Correlates messages to waiting subscriptions and message start events with Zeebe's rules: by name
 * and correlation key; at most once per process id; a message start event with a correlation key
 * starts no second instance while one it started is still running.
 */
public final class MessageCorrelation {

  private final BpmnProcessing bpmn;

  MessageCorrelation(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  /** A message was just published: hand it to whoever waits for it. */
  public void correlatePublished(long messageKey, MessageRecord message) {
    var state = bpmn.ctx.state();
    Set<String> correlatedNow = new HashSet<>();
    for (long subscriptionKey :
        List.copyOf(state.messages().subscriptions(message.name(), message.correlationKey()))) {
      var subscription = state.messages().subscription(subscriptionKey);
      if (subscription == null
          || correlatedNow.contains(subscription.bpmnProcessId())
          || state.messages().isCorrelatedTo(messageKey, subscription.bpmnProcessId())) {
        continue;
      }
      var owner = bpmn.instance(subscription.elementInstanceKey());
      if (!bpmn.triggers().canTrigger(owner, subscription.elementId())) {
        continue;
      }
      correlatedNow.add(subscription.bpmnProcessId());
      bpmn.ctx.event(
          subscriptionKey,
          MessageSubscriptionIntent.CORRELATED,
          subscription.withMessageKey(messageKey).withVariables(message.variables()));
      bpmn.triggers().trigger(owner, subscription.elementId(), message.variables());
    }
    for (var entry : List.copyOf(state.messages().startSubscriptions(message.name()).entrySet())) {
      var subscription = entry.getValue();
      if (correlatedNow.contains(subscription.bpmnProcessId())
          || state.messages().isCorrelatedTo(messageKey, subscription.bpmnProcessId())
          || (!message.correlationKey().isEmpty()
              && state
                  .messages()
                  .hasActiveInstanceFor(subscription.bpmnProcessId(), message.correlationKey()))) {
        continue;
      }
      var definition = state.processes().byKey(subscription.processDefinitionKey());
      if (definition == null) {
        continue;
      }
      correlatedNow.add(subscription.bpmnProcessId());
      var root =
          bpmn.starter.start(
              definition,
              java.util.Map.of(),
              subscription.startEventId(),
              JsonValues.parseObject(message.variables()),
              null);
      bpmn.ctx.event(
          entry.getKey(),
          MessageStartEventSubscriptionIntent.CORRELATED,
          subscription
              .withMessageKey(messageKey)
              .withCorrelationKey(message.correlationKey())
              .withProcessInstanceKey(root.key())
              .withVariables(message.variables()));
    }
  }

  /** Subscriptions an instance just opened take messages that were buffered before them. */
  public void correlateBuffered(ElementInstance owner) {
    var state = bpmn.ctx.state();
    for (long subscriptionKey : List.copyOf(state.messages().subscriptionsOf(owner.key()))) {
      var subscription = state.messages().subscription(subscriptionKey);
      if (subscription == null) {
        continue;
      }
      for (long messageKey :
          List.copyOf(
              state
                  .messages()
                  .messages(subscription.messageName(), subscription.correlationKey()))) {
        var message = state.messages().message(messageKey);
        if (message.deadline() <= bpmn.ctx.timestamp()
            || state.messages().isCorrelatedTo(messageKey, subscription.bpmnProcessId())) {
          continue;
        }
        var current = bpmn.instance(owner.key());
        if (!bpmn.triggers().canTrigger(current, subscription.elementId())) {
          return;
        }
        bpmn.ctx.event(
            subscriptionKey,
            MessageSubscriptionIntent.CORRELATED,
            subscription.withMessageKey(messageKey).withVariables(message.variables()));
        bpmn.triggers().trigger(current, subscription.elementId(), message.variables());
        break;
      }
    }
  }
}
