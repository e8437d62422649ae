package dev.millrace.engine.state;

import dev.millrace.engine.record.value.SignalSubscriptionRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Signal subscriptions: start events of process definitions and waiting element instances. */
public final class SignalState {

  private final Map<Long, SignalSubscriptionRecord> subscriptions = new LinkedHashMap<>();
  private final Map<String, LinkedHashSet<Long>> byName = new HashMap<>();
  private final Map<Long, LinkedHashSet<Long>> byOwner = new HashMap<>();

  public SignalSubscriptionRecord get(long key) {
    return subscriptions.get(key);
  }

  public Set<Long> byName(String signalName) {
    var keys = byName.get(signalName);
    return keys == null ? Set.of() : keys;
  }

  /** Subscriptions of an element instance, or of a process definition's start events. */
  public Set<Long> ofOwner(long ownerKey) {
    var keys = byOwner.get(ownerKey);
    return keys == null ? Set.of() : keys;
  }

  public Collection<Map.Entry<Long, SignalSubscriptionRecord>> all() {
    return subscriptions.entrySet();
  }

  private static long owner(SignalSubscriptionRecord s) {
    return s.catchEventInstanceKey() >= 0 ? s.catchEventInstanceKey() : s.processDefinitionKey();
  }

  // --- mutations, for event appliers only ---

  void put(long key, SignalSubscriptionRecord subscription) {
    subscriptions.put(key, subscription);
    byName.computeIfAbsent(subscription.signalName(), k -> new LinkedHashSet<>()).add(key);
    byOwner.computeIfAbsent(owner(subscription), k -> new LinkedHashSet<>()).add(key);
  }

  void remove(long key) {
    var subscription = subscriptions.remove(key);
    if (subscription == null) {
      return;
    }
    var named = byName.get(subscription.signalName());
    if (named != null) {
      named.remove(key);
      if (named.isEmpty()) {
        byName.remove(subscription.signalName());
      }
    }
    var owned = byOwner.get(owner(subscription));
    if (owned != null) {
      owned.remove(key);
      if (owned.isEmpty()) {
        byOwner.remove(owner(subscription));
      }
    }
  }
}
