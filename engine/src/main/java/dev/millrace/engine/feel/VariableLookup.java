package dev.millrace.engine.feel;

import java.util.Map;

/**
 * The variables an expression can see: for an element instance, its own scope and then every
 * enclosing scope, the innermost definition of a name winning (Zeebe's variable scoping).
 */
@FunctionalInterface
public interface VariableLookup {

  /** All visible variables as JSON-decoded Java values (maps, lists, strings, numbers, ...). */
  Map<String, Object> visibleVariables();

  static VariableLookup of(Map<String, Object> variables) {
    return () -> variables;
  }

  VariableLookup EMPTY = Map::of;
}
