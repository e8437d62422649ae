package dev.millrace.engine.feel;

/** The outcome of evaluating an expression: a value, or a message saying why there is none. */
public sealed interface EvaluationResult<T> {

  record Success<T>(T value) implements EvaluationResult<T> {}

  record Failure<T>(String message) implements EvaluationResult<T> {}

  static <T> EvaluationResult<T> success(T value) {
    return new Success<>(value);
  }

  static <T> EvaluationResult<T> failure(String message) {
    return new Failure<>(message);
  }

  default boolean isSuccess() {
    return this instanceof Success<T>;
  }

  /** The value; only call after {@link #isSuccess()}. */
  default T value() {
    if (this instanceof Success<T>(T value)) {
      return value;
    }
    throw new IllegalStateException("no value: " + ((Failure<T>) this).message());
  }

  default String failureMessage() {
    return this instanceof Failure<T>(String message) ? message : null;
  }
}
