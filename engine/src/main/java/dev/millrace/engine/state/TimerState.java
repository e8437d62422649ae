package dev.millrace.engine.state;

import dev.millrace.engine.record.value.TimerRecord;
import dev.millrace.engine.state.JobState.Due;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Scheduled timers, by due date and by the element instance or process that owns them. */
public final class TimerState {

  private final Map<Long, TimerRecord> timers = new HashMap<>();
  private final NavigableSet<Due> byDueDate = new TreeSet<>();
  private final Map<Long, LinkedHashSet<Long>> byElementInstance = new HashMap<>();
  private final Map<Long, LinkedHashSet<Long>> startTimersByProcess = new HashMap<>();

  public TimerRecord get(long key) {
    return timers.get(key);
  }

  public Due first() {
    return byDueDate.isEmpty() ? null : byDueDate.first();
  }

  public NavigableSet<Due> byDueDate() {
    return byDueDate;
  }

  public Set<Long> ofElementInstance(long elementInstanceKey) {
    var keys = byElementInstance.get(elementInstanceKey);
    return keys == null ? Set.of() : keys;
  }

  public Set<Long> startTimersOf(long processDefinitionKey) {
    var keys = startTimersByProcess.get(processDefinitionKey);
    return keys == null ? Set.of() : keys;
  }

  public Collection<Map.Entry<Long, TimerRecord>> all() {
    return timers.entrySet();
  }

  // --- mutations, for event appliers only ---

  void put(long key, TimerRecord timer) {
    timers.put(key, timer);
    byDueDate.add(new Due(timer.dueDate(), key));
    if (timer.elementInstanceKey() >= 0) {
      byElementInstance
          .computeIfAbsent(timer.elementInstanceKey(), k -> new LinkedHashSet<>())
          .add(key);
    } else {
      startTimersByProcess
          .computeIfAbsent(timer.processDefinitionKey(), k -> new LinkedHashSet<>())
          .add(key);
    }
  }

  void remove(long key) {
    var timer = timers.remove(key);
    if (timer == null) {
      return;
    }
    byDueDate.remove(new Due(timer.dueDate(), key));
    var index =
        timer.elementInstanceKey() >= 0
            ? byElementInstance.get(timer.elementInstanceKey())
            : startTimersByProcess.get(timer.processDefinitionKey());
    if (index != null) {
      index.remove(key);
      if (index.isEmpty()) {
        (timer.elementInstanceKey() >= 0 ? byElementInstance : startTimersByProcess)
            .remove(
                timer.elementInstanceKey() >= 0
                    ? timer.elementInstanceKey()
                    : timer.processDefinitionKey());
      }
    }
  }
}
