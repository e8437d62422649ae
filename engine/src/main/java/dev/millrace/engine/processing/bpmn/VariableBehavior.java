package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.Definitions.Mapping;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.feel.VariableLookup;
import dev.millrace.engine.processing.ProcessingContext;
import dev.millrace.engine.record.VariableIntent;
import dev.millrace.engine.record.value.VariableRecord;
import dev.millrace.engine.state.ElementInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Zeebe's variable semantics: local variables on a scope, propagation to the nearest scope that
 * already holds a name (else the process instance), and input/output mappings with target paths.
 */
public final class VariableBehavior {

  private final ProcessingContext ctx;
  private final ExpressionLanguage expressions;

  VariableBehavior(ProcessingContext ctx, ExpressionLanguage expressions) {
    this.ctx = ctx;
    this.expressions = expressions;
  }

  public VariableLookup lookup(long scopeKey) {
    return () -> ctx.state().variables().visibleValues(scopeKey);
  }

  /** Sets a variable on exactly this scope; no record when the value is unchanged. */
  public void setLocal(long scopeKey, String name, String jsonValue, ElementInstance owner) {
    var variables = ctx.state().variables();
    String current = variables.getLocal(scopeKey, name);
    if (jsonValue.equals(current)) {
      return;
    }
    var record =
        new VariableRecord(
            name,
            jsonValue,
            scopeKey,
            owner.processInstanceKey(),
            owner.value().processDefinitionKey(),
            owner.value().bpmnProcessId(),
            owner.value().tenantId());
    ctx.event(
        ctx.newKey(), current == null ? VariableIntent.CREATED : VariableIntent.UPDATED, record);
  }

  public void setLocal(ElementInstance scope, Map<String, Object> values) {
    values.forEach((name, value) -> setLocal(scope.key(), name, JsonValues.write(value), scope));
  }

  /**
   * Merges values upwards from {@code startScopeKey}: each lands on the nearest scope holding a
   * variable of that name, or on the process instance's root scope.
   */
  public void propagate(long startScopeKey, Map<String, Object> values, ElementInstance owner) {
    var variables = ctx.state().variables();
    long root = owner.processInstanceKey();
    values.forEach(
        (name, value) -> {
          long holder = variables.scopeHolding(startScopeKey, name);
          setLocal(holder >= 0 ? holder : root, name, JsonValues.write(value), owner);
        });
  }

  /**
   * Variables arriving at an element (job completion, message correlation, a script result): with
   * output mappings they become local to the element for the mappings to read; without, they
   * propagate from the element's scope.
   */
  public void mergeIntoElement(
      ElementInstance instance, boolean hasOutputMappings, Map<String, Object> values) {
    if (values.isEmpty()) {
      return;
    }
    if (hasOutputMappings) {
      setLocal(instance, values);
    } else {
      propagate(instance.key(), values, instance);
    }
  }

  /**
   * Evaluates input mappings in the flow scope's context and sets the results as local variables of
   * the element. Returns a failure message, or null on success.
   */
  public String applyInputMappings(ElementInstance instance, List<Mapping> mappings) {
    if (mappings.isEmpty()) {
      return null;
    }
    Map<String, Object> results = new LinkedHashMap<>();
    VariableLookup scope = lookup(instance.key());
    for (Mapping mapping : mappings) {
      var result = expressions.evaluateJson(mapping.source(), () -> merged(scope, results));
      if (!result.isSuccess()) {
        return result.failureMessage();
      }
      putPath(results, mapping.target(), result.value());
    }
    setLocal(instance, results);
    return null;
  }

  /**
   * Evaluates output mappings in the element's own context and propagates the results from the flow
   * scope, or, for the inner instance of a multi-instance activity, from the instance itself (where
   * its nil-initialised output element waits to be collected). Returns a failure message, or null
   * on success.
   */
  public String applyOutputMappings(
      ElementInstance instance, List<Mapping> mappings, boolean multiInstanceInner) {
    if (mappings.isEmpty()) {
      return null;
    }
    Map<String, Object> results = new LinkedHashMap<>();
    VariableLookup scope = lookup(instance.key());
    for (Mapping mapping : mappings) {
      var result = expressions.evaluateJson(mapping.source(), scope);
      if (!result.isSuccess()) {
        return result.failureMessage();
      }
      String root = mapping.target().split("\\.", 2)[0];
      if (mapping.target().contains(".") && !results.containsKey(root)) {
        // A path target updates the existing value of its root variable, Zeebe-style.
        Object existing = scope.visibleVariables().get(root);
        if (existing instanceof Map<?, ?>) {
          results.put(root, deepCopy(existing));
        }
      }
      putPath(results, mapping.target(), result.value());
    }
    propagate(multiInstanceInner ? instance.key() : instance.flowScopeKey(), results, instance);
    return null;
  }

  private static Map<String, Object> merged(VariableLookup scope, Map<String, Object> extra) {
    var all = new java.util.HashMap<>(scope.visibleVariables());
    all.putAll(extra);
    return all;
  }

  /** Writes {@code value} at a dotted path ({@code a.b.c}), creating contexts on the way. */
  @SuppressWarnings("unchecked")
  static void putPath(Map<String, Object> target, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> current = target;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = current.get(parts[i]);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        current.put(parts[i], next);
      }
      current = (Map<String, Object>) next;
    }
    current.put(parts[parts.length - 1], value);
  }

  private static Object deepCopy(Object value) {
    return JsonValues.parse(JsonValues.write(value));
  }

  /** The variables of a scope and the scopes above, filtered by name when names are given. */
  public Map<String, Object> collect(long scopeKey, List<String> names) {
    var json = ctx.state().variables().visibleJson(scopeKey, names);
    Map<String, Object> values = new LinkedHashMap<>();
    json.forEach((n, v) -> values.put(n, JsonValues.parse(v)));
    return values;
  }

  /** Only the scope's own variables, decoded. */
  public Map<String, Object> localValues(long scopeKey) {
    Map<String, Object> values = new LinkedHashMap<>();
    ctx.state()
        .variables()
        .localVariables(scopeKey)
        .forEach((n, v) -> values.put(n, JsonValues.parse(v)));
    return values;
  }

  static List<String> names(Map<String, ?> values) {
    return new ArrayList<>(Objects.requireNonNull(values).keySet());
  }
}
