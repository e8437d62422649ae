package dev.millrace.workers;

import io.camunda.client.exception.CamundaError;
import java.util.function.Supplier;

/** Runs a port call, turning its business failure into the BPMN error the process catches. */
final class Failures {

  private Failures() {}

  static <T> T asBpmnError(Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkerFailure failure) {
      throw CamundaError.bpmnError(failure.errorCode(), failure.getMessage());
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
