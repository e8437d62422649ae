package dev.millrace.engine.state;

import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.record.value.MessageStartEventSubscriptionRecord;
import dev.millrace.engine.record.value.MessageSubscriptionRecord;
import dev.millrace.engine.state.JobState.Due;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Buffered messages, open subscriptions and message start event subscriptions. Zeebe correlates a
 * message at most once per process id, and starts at most one instance per correlation key at a
 * time from message start events; both rules need the bookkeeping here.
 */
public final class MessageState {

  record NameAndKey(String name, String correlationKey) {}

  private final Map<Long, MessageRecord> messages = new HashMap<>();
  private final NavigableSet<Due> byDeadline = new TreeSet<>();
  private final Map<NameAndKey, LinkedHashSet<Long>> messagesByNameAndKey = new HashMap<>();
  private final Map<String, Long> messageIds = new HashMap<>();
  private final Map<Long, Set<String>> correlatedProcesses = new HashMap<>();

  private final Map<Long, MessageSubscriptionRecord> subscriptions = new LinkedHashMap<>();
  private final Map<NameAndKey, LinkedHashSet<Long>> subscriptionsByNameAndKey = new HashMap<>();
  private final Map<Long, LinkedHashSet<Long>> subscriptionsByElementInstance = new HashMap<>();

  private final Map<String, LinkedHashMap<Long, MessageStartEventSubscriptionRecord>>
      startSubscriptionsByName = new HashMap<>();

  /** (bpmnProcessId, correlationKey) of instances started by a message, while they run. */
  private final Map<String, Long> activeStartedInstances = new HashMap<>();

  private final Map<Long, String> startedInstanceKeys = new HashMap<>();

  // --- buffered messages ---

  public MessageRecord message(long key) {
    return messages.get(key);
  }

  public Set<Long> messages(String name, String correlationKey) {
    var keys = messagesByNameAndKey.get(new NameAndKey(name, correlationKey));
    return keys == null ? Set.of() : keys;
  }

  public boolean hasMessageId(String name, String correlationKey, String messageId) {
    return messageIds.containsKey(idKey(name, correlationKey, messageId));
  }

  public boolean isCorrelatedTo(long messageKey, String bpmnProcessId) {
    return correlatedProcesses.getOrDefault(messageKey, Set.of()).contains(bpmnProcessId);
  }

  public Due firstDeadline() {
    return byDeadline.isEmpty() ? null : byDeadline.first();
  }

  public NavigableSet<Due> deadlines() {
    return byDeadline;
  }

  public Collection<Map.Entry<Long, MessageRecord>> allMessages() {
    return messages.entrySet();
  }

  private static String idKey(String name, String correlationKey, String messageId) {
    return name + '\u0000' + correlationKey + '\u0000' + messageId;
  }

  // --- subscriptions ---

  public MessageSubscriptionRecord subscription(long key) {
    return subscriptions.get(key);
  }

  public Set<Long> subscriptions(String name, String correlationKey) {
    var keys = subscriptionsByNameAndKey.get(new NameAndKey(name, correlationKey));
    return keys == null ? Set.of() : keys;
  }

  public Set<Long> subscriptionsOf(long elementInstanceKey) {
    var keys = subscriptionsByElementInstance.get(elementInstanceKey);
    return keys == null ? Set.of() : keys;
  }

  public Collection<Map.Entry<Long, MessageSubscriptionRecord>> allSubscriptions() {
    return subscriptions.entrySet();
  }

  public Map<Long, MessageStartEventSubscriptionRecord> startSubscriptions(String messageName) {
    var subs = startSubscriptionsByName.get(messageName);
    return subs == null ? Map.of() : subs;
  }

  public Collection<LinkedHashMap<Long, MessageStartEventSubscriptionRecord>>
      allStartSubscriptions() {
    return startSubscriptionsByName.values();
  }

  public boolean hasActiveInstanceFor(String bpmnProcessId, String correlationKey) {
    return activeStartedInstances.containsKey(bpmnProcessId + '\u0000' + correlationKey);
  }

  public Map<String, Long> activeStartedInstances() {
    return activeStartedInstances;
  }

  // --- mutations, for event appliers only ---

  void putMessage(long key, MessageRecord message) {
    messages.put(key, message);
    byDeadline.add(new Due(message.deadline(), key));
    messagesByNameAndKey
        .computeIfAbsent(
            new NameAndKey(message.name(), message.correlationKey()), k -> new LinkedHashSet<>())
        .add(key);
    if (!message.messageId().isEmpty()) {
      messageIds.put(idKey(message.name(), message.correlationKey(), message.messageId()), key);
    }
  }

  void removeMessage(long key) {
    var message = messages.remove(key);
    if (message == null) {
      return;
    }
    byDeadline.remove(new Due(message.deadline(), key));
    var nameAndKey = new NameAndKey(message.name(), message.correlationKey());
    var keys = messagesByNameAndKey.get(nameAndKey);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        messagesByNameAndKey.remove(nameAndKey);
      }
    }
    if (!message.messageId().isEmpty()) {
      messageIds.remove(idKey(message.name(), message.correlationKey(), message.messageId()));
    }
    correlatedProcesses.remove(key);
  }

  void markCorrelated(long messageKey, String bpmnProcessId) {
    if (messages.containsKey(messageKey)) {
      correlatedProcesses.computeIfAbsent(messageKey, k -> new HashSet<>()).add(bpmnProcessId);
    }
  }

  Map<Long, Set<String>> correlatedProcesses() {
    return correlatedProcesses;
  }

  void putSubscription(long key, MessageSubscriptionRecord subscription) {
    subscriptions.put(key, subscription);
    subscriptionsByNameAndKey
        .computeIfAbsent(
            new NameAndKey(subscription.messageName(), subscription.correlationKey()),
            k -> new LinkedHashSet<>())
        .add(key);
    subscriptionsByElementInstance
        .computeIfAbsent(subscription.elementInstanceKey(), k -> new LinkedHashSet<>())
        .add(key);
  }

  void removeSubscription(long key) {
    var subscription = subscriptions.remove(key);
    if (subscription == null) {
      return;
    }
    var nameAndKey = new NameAndKey(subscription.messageName(), subscription.correlationKey());
    var keys = subscriptionsByNameAndKey.get(nameAndKey);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        subscriptionsByNameAndKey.remove(nameAndKey);
      }
    }
    var byInstance = subscriptionsByElementInstance.get(subscription.elementInstanceKey());
    if (byInstance != null) {
      byInstance.remove(key);
      if (byInstance.isEmpty()) {
        subscriptionsByElementInstance.remove(subscription.elementInstanceKey());
      }
    }
  }

  void putStartSubscription(long key, MessageStartEventSubscriptionRecord subscription) {
    startSubscriptionsByName
        .computeIfAbsent(subscription.messageName(), k -> new LinkedHashMap<>())
        .put(key, subscription);
  }

  void removeStartSubscription(long key, String messageName) {
    var subs = startSubscriptionsByName.get(messageName);
    if (subs != null) {
      subs.remove(key);
      if (subs.isEmpty()) {
        startSubscriptionsByName.remove(messageName);
      }
    }
  }

  void startedByMessage(String bpmnProcessId, String correlationKey, long processInstanceKey) {
    String key = bpmnProcessId + '\u0000' + correlationKey;
    activeStartedInstances.put(key, processInstanceKey);
    startedInstanceKeys.put(processInstanceKey, key);
  }

  void instanceEnded(long processInstanceKey) {
    String key = startedInstanceKeys.remove(processInstanceKey);
    if (key != null) {
      activeStartedInstances.remove(key);
    }
  }
}
