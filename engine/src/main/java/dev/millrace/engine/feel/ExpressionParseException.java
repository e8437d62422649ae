package dev.millrace.engine.feel;

/** A FEEL expression in a BPMN attribute does not parse; the deployment is rejected. */
public final class ExpressionParseException extends RuntimeException {
  public ExpressionParseException(String message) {
    super(message);
  }
}
