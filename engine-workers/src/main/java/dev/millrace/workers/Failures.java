package dev.millrace.workers;

import io.camunda.client.exception.CamundaError;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a port call, turning its business failure into the BPMN error the process catches. The error
 * carries the failure's message as the variable {@code failureMessage}: a boundary event without
 * output mappings merges it into the process, so the step that records the failure (e.g. {@code
 * millrace.training.finish}) can say why.
 */
final class Failures {

  static final String FAILURE_MESSAGE = "failureMessage";

  private Failures() {}

  static <T> T asBpmnError(Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkerFailure failure) {
      String message = failure.getMessage() == null ? failure.errorCode() : failure.getMessage();
      throw CamundaError.bpmnError(failure.errorCode(), message, Map.of(FAILURE_MESSAGE, message));
    }
  }

  static void asBpmnError(Runnable call) {
    asBpmnError(
        () -> {
          call.run();
          return null;
        });
  }
}
