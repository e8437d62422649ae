package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.feel.Expression;
import java.util.List;
import java.util.Map;

/** The zeebe:* definitions an element may carry, each parsed once at deployment. */
public final class Definitions {

  private Definitions() {}

  /** zeebe:taskDefinition plus zeebe:taskHeaders: what a job for this element looks like. */
  public record JobDefinition(Expression type, Expression retries, Map<String, String> headers) {}

  /** One zeebe:input or zeebe:output: evaluate {@code source}, write it to {@code target}. */
  public record Mapping(Expression source, String target) {}

  public record MessageDefinition(Expression name, Expression correlationKey) {}

  public enum TimerKind {
    DURATION,
    DATE,
    CYCLE
  }

  public record TimerDefinition(TimerKind kind, Expression expression) {}

  public record SignalDefinition(Expression name) {}

  /** An error to throw (end event) or catch (boundary, event sub-process); null code = any. */
  public record ErrorDefinition(String errorCode) {}

  public enum BindingType {
    LATEST,
    DEPLOYMENT,
    VERSION_TAG
  }

  public record CalledElement(
      Expression processId,
      BindingType bindingType,
      String versionTag,
      boolean propagateAllChildVariables,
      boolean propagateAllParentVariables) {}

  public record LoopCharacteristics(
      boolean sequential,
      Expression inputCollection,
      String inputElement,
      String outputCollection,
      Expression outputElement,
      Expression completionCondition) {}

  public record Script(Expression expression, String resultVariable) {}

  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
