package dev.millrace.engine.state;

import dev.millrace.engine.record.value.ProcessEventRecord;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Events that hit a scope (a message, timer, signal or error for a boundary event, an event
 * sub-process or a waiting catch event) and wait to be taken by the element they activate, with the
 * variables they carry.
 */
public final class EventTriggerState {

  public record Trigger(long key, ProcessEventRecord event) {}

  private final Map<Long, Deque<Trigger>> byScope = new HashMap<>();

  public Trigger peek(long scopeKey) {
    var triggers = byScope.get(scopeKey);
    return triggers == null ? null : triggers.peekFirst();
  }

  /** The triggers waiting on a scope, oldest first. */
  public Collection<Trigger> of(long scopeKey) {
    var triggers = byScope.get(scopeKey);
    return triggers == null ? java.util.List.of() : java.util.List.copyOf(triggers);
  }

  public Collection<Deque<Trigger>> all() {
    return byScope.values();
  }

  // --- mutations, for event appliers only ---

  void add(long key, ProcessEventRecord event) {
    byScope
        .computeIfAbsent(event.scopeKey(), k -> new ArrayDeque<>())
        .addLast(new Trigger(key, event));
  }

  void remove(long key, long scopeKey) {
    var triggers = byScope.get(scopeKey);
    if (triggers != null) {
      triggers.removeIf(t -> t.key() == key);
      if (triggers.isEmpty()) {
        byScope.remove(scopeKey);
      }
    }
  }

  void removeScope(long scopeKey) {
    byScope.remove(scopeKey);
  }
}
