package dev.millrace.engine.feel;

import dev.millrace.engine.clock.EngineClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.feel.FeelEngineClock;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;

/**
 * FEEL for the engine, via the Apache-2.0 {@code feel-engine}. Error messages follow Zeebe's
 * wording so incidents read the same on both engines.
 */
public final class ExpressionLanguage {

  private final FeelEngineApi feel;

  public ExpressionLanguage(EngineClock clock) {
    // now() and today() must follow the engine clock, or tests that move time would see drift.
    FeelEngineClock feelClock =
        () -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(clock.millis()), ZoneOffset.UTC);
    this.feel = FeelEngineBuilder.forJava().withClock(feelClock).build();
  }

  /**
   * Parses an attribute value: {@code =expr} is FEEL, anything else is static text.
   *
   * @throws ExpressionParseException naming the expression and the parser's reason
   */
  public Expression parse(String attribute) {
    if (attribute == null) {
      return null;
    }
    String trimmed = attribute.strip();
    if (!trimmed.startsWith("=")) {
      return new Expression.Static(attribute);
    }
    String body = trimmed.substring(1);
    if (body.isBlank()) {
      throw new ExpressionParseException("the expression '" + trimmed + "' is empty");
    }
    var result = feel.parseExpression(body);
    if (result.isFailure()) {
      throw new ExpressionParseException(
          "failed to parse expression '" + body + "': " + result.failure().message());
    }
    return new Expression.Feel(trimmed, result.parsedExpression());
  }

  /** Evaluates to whatever the expression yields; static text yields the text itself. */
  public EvaluationResult<Object> evaluateAny(Expression expression, VariableLookup variables) {
    var result = evaluateRaw(expression, variables);
    return result.isSuccess() && result.value() instanceof NullWithWarnings
        ? EvaluationResult.success(null)
        : result;
  }

  private EvaluationResult<Object> evaluateRaw(Expression expression, VariableLookup variables) {
    return switch (expression) {
      case Expression.Static s -> EvaluationResult.success(s.text());
      case Expression.Feel f -> evaluateFeel(f, variables);
    };
  }

  private EvaluationResult<Object> evaluateFeel(Expression.Feel f, VariableLookup variables) {
    Map<String, Object> context = variables.visibleVariables();
    var result = feel.evaluate(f.parsed(), context);
    if (result.isFailure()) {
      return EvaluationResult.failure(
          "Expected to evaluate expression '"
              + body(f)
              + "', but failed: "
              + result.failure().message()
              + warnings(result.getSuppressedFailures()));
    }
    Object value = result.result();
    if (value == null && result.hasSuppressedFailures()) {
      // Keep the warnings (e.g. "no variable found") so a later type error can explain itself.
      return new EvaluationResult.Success<>(
          new NullWithWarnings(warnings(result.getSuppressedFailures())));
    }
    return EvaluationResult.success(value);
  }

  /** A null result plus the engine's warnings, unwrapped by the typed evaluations. */
  private record NullWithWarnings(String warnings) {}

  public EvaluationResult<String> evaluateString(Expression expression, VariableLookup variables) {
    return typed(expression, variables, "STRING", v -> v instanceof String s ? s : null);
  }

  public EvaluationResult<Boolean> evaluateBoolean(
      Expression expression, VariableLookup variables) {
    if (expression instanceof Expression.Static s) {
      return switch (s.text().strip()) {
        case "true" -> EvaluationResult.success(true);
        case "false" -> EvaluationResult.success(false);
        default ->
            EvaluationResult.failure(
                "Expected result of the expression '"
                    + s.text()
                    + "' to be 'BOOLEAN', but was 'STRING'.");
      };
    }
    return typed(expression, variables, "BOOLEAN", v -> v instanceof Boolean b ? b : null);
  }

  public EvaluationResult<Long> evaluateLong(Expression expression, VariableLookup variables) {
    if (expression instanceof Expression.Static s) {
      try {
        return EvaluationResult.success(Long.parseLong(s.text().strip()));
      } catch (NumberFormatException e) {
        return EvaluationResult.failure(
            "Expected result of the expression '"
                + s.text()
                + "' to be 'NUMBER', but was 'STRING'.");
      }
    }
    return typed(
        expression, variables, "NUMBER", v -> v instanceof Number n ? (Long) n.longValue() : null);
  }

  /** Correlation keys: a string, or a number turned into its decimal text (as Zeebe does). */
  public EvaluationResult<String> evaluateCorrelationKey(
      Expression expression, VariableLookup variables) {
    var result = evaluateRaw(expression, variables);
    if (!result.isSuccess()) {
      return EvaluationResult.failure(result.failureMessage());
    }
    Object value = result.value();
    if (value instanceof String s) {
      return EvaluationResult.success(s);
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return EvaluationResult.success(
          d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(n.longValue()) : n.toString());
    }
    return EvaluationResult.failure(
        "Failed to extract the correlation key for '"
            + body(expression)
            + "': The value must be either a string or a number, but was '"
            + typeName(value)
            + "'."
            + warningsOf(value));
  }

  @SuppressWarnings("unchecked")
  public EvaluationResult<List<Object>> evaluateList(
      Expression expression, VariableLookup variables) {
    return typed(
        expression,
        variables,
        "ARRAY",
        v ->
            v instanceof List<?> l
                ? (List<Object>) l
                : v instanceof Iterable<?> it ? toList(it) : null);
  }

  private static List<Object> toList(Iterable<?> it) {
    var out = new java.util.ArrayList<Object>();
    it.forEach(out::add);
    return out;
  }

  /** Any JSON-compatible value, already converted (dates to ISO text, wrappers to plain lists). */
  public EvaluationResult<Object> evaluateJson(Expression expression, VariableLookup variables) {
    var result = evaluateAny(expression, variables);
    return result.isSuccess()
        ? EvaluationResult.success(JsonValues.toJsonCompatible(result.value()))
        : result;
  }

  private <T> EvaluationResult<T> typed(
      Expression expression,
      VariableLookup variables,
      String expected,
      java.util.function.Function<Object, T> cast) {
    var result = evaluateRaw(expression, variables);
    if (!result.isSuccess()) {
      return EvaluationResult.failure(result.failureMessage());
    }
    Object value = result.value();
    T typedValue = value instanceof NullWithWarnings ? null : cast.apply(value);
    if (typedValue == null) {
      return EvaluationResult.failure(
          "Expected result of the expression '"
              + body(expression)
              + "' to be '"
              + expected
              + "', but was '"
              + typeName(value)
              + "'."
              + warningsOf(value));
    }
    return EvaluationResult.success(typedValue);
  }

  private static String typeName(Object value) {
    return value instanceof NullWithWarnings ? "NULL" : JsonValues.typeName(value);
  }

  private static String warningsOf(Object value) {
    return value instanceof NullWithWarnings(String warnings) ? warnings : "";
  }

  private static String body(Expression expression) {
    String text = expression.text().strip();
    return expression instanceof Expression.Feel ? text.substring(1) : text;
  }

  private static String warnings(List<org.camunda.feel.api.EvaluationFailure> failures) {
    if (failures.isEmpty()) {
      return "";
    }
    return " The evaluation reported the following warnings:\n"
        + failures.stream()
            .map(f -> "[" + f.failureType() + "] " + f.failureMessage())
            .collect(Collectors.joining("\n"));
  }
}
