package dev.millrace.engine.state;

import dev.millrace.engine.feel.JsonValues;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Variables per scope (a scope is an element instance key), values as JSON text. The parent of a
 * scope is its element instance's flow scope, so lookups walk the element instance tree.
 */
public final class VariableState {

  private final ElementInstanceState elementInstances;
  private final Map<Long, LinkedHashMap<String, String>> byScope = new HashMap<>();

  VariableState(ElementInstanceState elementInstances) {
    this.elementInstances = elementInstances;
  }

  /** The variable's JSON text on exactly this scope, or null. */
  public String getLocal(long scopeKey, String name) {
    var vars = byScope.get(scopeKey);
    return vars == null ? null : vars.get(name);
  }

  public Map<String, String> localVariables(long scopeKey) {
    var vars = byScope.get(scopeKey);
    return vars == null ? Map.of() : vars;
  }

  public long parentScope(long scopeKey) {
    var instance = elementInstances.get(scopeKey);
    return instance == null ? -1 : instance.flowScopeKey();
  }

  /** The nearest scope from {@code scopeKey} upwards that has {@code name}, or -1. */
  public long scopeHolding(long scopeKey, String name) {
    long scope = scopeKey;
    while (scope >= 0) {
      var vars = byScope.get(scope);
      if (vars != null && vars.containsKey(name)) {
        return scope;
      }
      scope = parentScope(scope);
    }
    return -1;
  }

  /** Every variable visible from the scope as JSON text, inner definitions winning. */
  public Map<String, String> visibleJson(long scopeKey) {
    var result = new LinkedHashMap<String, String>();
    long scope = scopeKey;
    while (scope >= 0) {
      var vars = byScope.get(scope);
      if (vars != null) {
        vars.forEach(result::putIfAbsent);
      }
      scope = parentScope(scope);
    }
    return result;
  }

  /** Every variable visible from the scope, decoded, for FEEL. */
  public Map<String, Object> visibleValues(long scopeKey) {
    var json = visibleJson(scopeKey);
    var result = new HashMap<String, Object>(json.size() * 2);
    json.forEach((name, value) -> result.put(name, JsonValues.parse(value)));
    return result;
  }

  /** The named variables visible from the scope (all of them when {@code names} is empty). */
  public Map<String, String> visibleJson(long scopeKey, java.util.Collection<String> names) {
    if (names == null || names.isEmpty()) {
      return visibleJson(scopeKey);
    }
    var result = new LinkedHashMap<String, String>();
    for (String name : names) {
      long holder = scopeHolding(scopeKey, name);
      if (holder >= 0) {
        result.put(name, byScope.get(holder).get(name));
      }
    }
    return result;
  }

  // --- mutations, for event appliers only ---

  void set(long scopeKey, String name, String value) {
    byScope.computeIfAbsent(scopeKey, k -> new LinkedHashMap<>()).put(name, value);
  }

  void removeScope(long scopeKey) {
    byScope.remove(scopeKey);
  }

  Map<Long, LinkedHashMap<String, String>> all() {
    return byScope;
  }
}
