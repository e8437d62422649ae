package dev.millrace.engine.state;

import dev.millrace.engine.record.value.JobRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** Jobs and the indexes activation, timeouts and back-off need. */
public final class JobState {

  public enum State {
    ACTIVATABLE,
    ACTIVATED,
    FAILED_WAITING_FOR_BACKOFF,
    FAILED_NO_RETRIES,
    ERROR_THROWN
  }

  public record Entry(JobRecord record, State state) {}

  /** (time, key) pairs ordered by time: job deadlines and back-off ends. */
  public record Due(long time, long key) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(key, o.key);
    }
  }

  private final Map<Long, Entry> jobs = new HashMap<>();
  private final Map<String, LinkedHashSet<Long>> activatableByType = new HashMap<>();
  private final NavigableSet<Due> deadlines = new TreeSet<>();
  private final NavigableSet<Due> backoffs = new TreeSet<>();

  public Entry get(long key) {
    return jobs.get(key);
  }

  public Set<Long> activatable(String type) {
    var keys = activatableByType.get(type);
    return keys == null ? Set.of() : keys;
  }

  public Due firstDeadline() {
    return deadlines.isEmpty() ? null : deadlines.first();
  }

  public Due firstBackoff() {
    return backoffs.isEmpty() ? null : backoffs.first();
  }

  public NavigableSet<Due> deadlines() {
    return deadlines;
  }

  public NavigableSet<Due> backoffs() {
    return backoffs;
  }

  public Map<Long, Entry> allWithKeys() {
    return new java.util.TreeMap<>(jobs);
  }

  public Collection<Entry> all() {
    return jobs.values();
  }

  public int size() {
    return jobs.size();
  }

  // --- mutations, for event appliers only ---

  void put(long key, JobRecord record, State state) {
    var previous = jobs.put(key, new Entry(record, state));
    if (previous != null) {
      unindex(key, previous);
    }
    switch (state) {
      case ACTIVATABLE ->
          activatableByType.computeIfAbsent(record.type(), k -> new LinkedHashSet<>()).add(key);
      case ACTIVATED -> deadlines.add(new Due(record.deadline(), key));
      case FAILED_WAITING_FOR_BACKOFF -> backoffs.add(new Due(record.recurringTime(), key));
      default -> {}
    }
  }

  void remove(long key) {
    var previous = jobs.remove(key);
    if (previous != null) {
      unindex(key, previous);
    }
  }

  private void unindex(long key, Entry entry) {
    switch (entry.state()) {
      case ACTIVATABLE -> {
        var keys = activatableByType.get(entry.record().type());
        if (keys != null) {
          keys.remove(key);
          if (keys.isEmpty()) {
            activatableByType.remove(entry.record().type());
          }
        }
      }
      case ACTIVATED -> deadlines.remove(new Due(entry.record().deadline(), key));
      case FAILED_WAITING_FOR_BACKOFF ->
          backoffs.remove(new Due(entry.record().recurringTime(), key));
      default -> {}
    }
  }
}
