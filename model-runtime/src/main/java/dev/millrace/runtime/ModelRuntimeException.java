package dev.millrace.runtime;

/**
 * The one error type of the model runtime's boundary. Its message is a single line meant for a user
 * (the CLI prints it as the process's last line); subclasses say where the problem is.
 */
public class ModelRuntimeException extends RuntimeException {

  public ModelRuntimeException(String message) {
    super(message);
  }

  public ModelRuntimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
