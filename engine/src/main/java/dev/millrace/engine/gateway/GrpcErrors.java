package dev.millrace.engine.gateway;

import dev.millrace.engine.record.Intent;
import dev.millrace.engine.record.RejectionType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Rejections as gRPC statuses, with the codes and wording Zeebe's gateway uses. */
final class GrpcErrors {

  private GrpcErrors() {}

  static StatusRuntimeException rejection(Intent intent, RejectionType type, String reason) {
    Status status =
        switch (type) {
          case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
          case NOT_FOUND -> Status.NOT_FOUND;
          case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
          case INVALID_STATE -> Status.FAILED_PRECONDITION;
          case EXCEEDED_BATCH_RECORD_SIZE, RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
          case PROCESSING_ERROR -> Status.INTERNAL;
        };
    return status
        .withDescription(
            "Command '" + intent.name() + "' rejected with code '" + type.name() + "': " + reason)
        .asRuntimeException();
  }

  static StatusRuntimeException backPressure() {
    return Status.RESOURCE_EXHAUSTED
        .withDescription(
            "Expected to handle the request, but the engine is busy (its command queue is full);"
                + " retry with back-off")
        .asRuntimeException();
  }

  static StatusRuntimeException unavailable(Throwable cause) {
    return Status.UNAVAILABLE
        .withDescription(
            "The engine is not accepting commands"
                + (cause == null ? " (it is stopping)" : ": " + cause.getMessage()))
        .asRuntimeException();
  }

  static StatusRuntimeException invalidArgument(String field, String problem) {
    return Status.INVALID_ARGUMENT
        .withDescription("Expected a valid '" + field + "', but " + problem)
        .asRuntimeException();
  }

  static StatusRuntimeException unimplemented(String rpc, String why) {
    return Status.UNIMPLEMENTED
        .withDescription("Millrace does not implement " + rpc + ": " + why)
        .asRuntimeException();
  }
}
