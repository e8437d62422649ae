package dev.millrace.engine.bpmn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deployment problems per element, formatted the way Zeebe reports a rejected deployment. */
final class Problems {

  private final String resourceName;
  private final Map<String, List<String>> byElement = new LinkedHashMap<>();

  Problems(String resourceName) {
    this.resourceName = resourceName;
  }

  void add(String elementId, String message) {
    byElement.computeIfAbsent(elementId, k -> new ArrayList<>()).add(message);
  }

  boolean isEmpty() {
    return byElement.isEmpty();
  }

  DeploymentRejection toRejection() {
    var text = new StringBuilder("'").append(resourceName).append("':");
    byElement.forEach(
        (element, messages) -> {
          text.append("\n- Element: ").append(element);
          messages.forEach(m -> text.append("\n    - ERROR: ").append(m));
        });
    return new DeploymentRejection(text.toString());
  }
}
