package dev.millrace.engine.state;

import dev.millrace.engine.record.value.IncidentRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Open incidents, by key and by the element instance or job they block. */
public final class IncidentState {

  private final Map<Long, IncidentRecord> incidents = new HashMap<>();
  private final Map<Long, Long> byElementInstance = new HashMap<>();
  private final Map<Long, Long> byJob = new HashMap<>();

  public IncidentRecord get(long key) {
    return incidents.get(key);
  }

  public long ofElementInstance(long elementInstanceKey) {
    return byElementInstance.getOrDefault(elementInstanceKey, -1L);
  }

  public long ofJob(long jobKey) {
    return byJob.getOrDefault(jobKey, -1L);
  }

  public Collection<Map.Entry<Long, IncidentRecord>> all() {
    return incidents.entrySet();
  }

  // --- mutations, for event appliers only ---

  void put(long key, IncidentRecord incident) {
    incidents.put(key, incident);
    if (incident.jobKey() >= 0) {
      byJob.put(incident.jobKey(), key);
    } else {
      byElementInstance.put(incident.elementInstanceKey(), key);
    }
  }

  void remove(long key) {
    var incident = incidents.remove(key);
    if (incident == null) {
      return;
    }
    if (incident.jobKey() >= 0) {
      byJob.remove(incident.jobKey());
    } else {
      byElementInstance.remove(incident.elementInstanceKey());
    }
  }
}
