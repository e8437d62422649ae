package dev.millrace.engine.processing;

import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.RejectionType;

/** Shorthands for refusing the command being processed. */
final class Rejections {

  private Rejections() {}

  static void reject(ProcessingContext ctx, Record command, RejectionType type, String reason) {
    ctx.reject(type, reason, command.key(), command.intent(), command.value());
  }

  static void notFound(ProcessingContext ctx, Record command, String reason) {
    reject(ctx, command, RejectionType.NOT_FOUND, reason);
  }

  static void invalidArgument(ProcessingContext ctx, Record command, String reason) {
    reject(ctx, command, RejectionType.INVALID_ARGUMENT, reason);
  }

  static void invalidState(ProcessingContext ctx, Record command, String reason) {
    reject(ctx, command, RejectionType.INVALID_STATE, reason);
  }
}
