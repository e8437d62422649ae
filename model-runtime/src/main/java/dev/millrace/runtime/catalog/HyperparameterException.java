package dev.millrace.runtime.catalog;

import dev.millrace.runtime.ModelRuntimeException;

/** A hyper-parameter was refused; {@link #field()} names it. */
public final class HyperparameterException extends ModelRuntimeException {

  private final String field;

  public HyperparameterException(String field, String message) {
    super("hyper-parameter '" + field + "': " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
