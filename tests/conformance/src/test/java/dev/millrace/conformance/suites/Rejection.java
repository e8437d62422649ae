package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A request the engine refused, reduced to what Zeebe's gRPC API documents: the status code and its
 * description.
 */
public record Rejection(Status.Code code, String description) {

  /** Runs the request, asserts that it was refused with a gRPC status, and returns that status. */
  public static Rejection of(ThrowingCallable request) {
    Throwable thrown = catchThrowable(request);
    assertThat(thrown).as("the request should have been rejected").isNotNull();
    Status status = statusOf(thrown);
    assertThat(status)
        .as("the rejection should carry a gRPC status, but was: %s", thrown.toString())
        .isNotNull();
    String description = status.getDescription() == null ? "" : status.getDescription();
    return new Rejection(status.getCode(), description);
  }

  private static Status statusOf(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClientStatusException clientStatus) {
        return clientStatus.getStatus();
      }
      if (cause instanceof StatusRuntimeException runtime) {
        return runtime.getStatus();
      }
    }
    return null;
  }
}
