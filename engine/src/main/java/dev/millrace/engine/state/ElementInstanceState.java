package dev.millrace.engine.state;

import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The tree of running element instances. */
public final class ElementInstanceState {

  private final Map<Long, ElementInstance> instances = new HashMap<>();
  private final Map<Long, LinkedHashSet<Long>> children = new HashMap<>();

  public ElementInstance get(long key) {
    return instances.get(key);
  }

  public List<ElementInstance> children(long parentKey) {
    var keys = children.get(parentKey);
    if (keys == null) {
      return List.of();
    }
    var out = new ArrayList<ElementInstance>(keys.size());
    for (long k : keys) {
      out.add(instances.get(k));
    }
    return out;
  }

  public Collection<ElementInstance> all() {
    return instances.values();
  }

  public int size() {
    return instances.size();
  }

  // --- mutations, for event appliers only ---

  void activating(long key, ProcessInstanceRecord value) {
    var instance = new ElementInstance(key, value, ProcessInstanceIntent.ELEMENT_ACTIVATING);
    instances.put(key, instance);
    long parent = value.flowScopeKey();
    if (parent >= 0) {
      children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(key);
      var scope = instances.get(parent);
      if (scope != null) {
        scope.childCount++;
      }
    }
  }

  void transition(long key, ProcessInstanceIntent state) {
    var instance = instances.get(key);
    if (instance != null) {
      instance.state = state;
    }
  }

  /** Completed or terminated: gone from the tree. */
  void remove(long key) {
    var instance = instances.remove(key);
    if (instance == null) {
      return;
    }
    children.remove(key);
    long parent = instance.value.flowScopeKey();
    if (parent >= 0) {
      var siblings = children.get(parent);
      if (siblings != null) {
        siblings.remove(key);
      }
      var scope = instances.get(parent);
      if (scope != null) {
        scope.childCount--;
      }
    }
  }

  void put(ElementInstance instance) {
    instances.put(instance.key(), instance);
    long parent = instance.value.flowScopeKey();
    if (parent >= 0) {
      children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(instance.key());
    }
  }
}
