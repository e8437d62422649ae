package dev.millrace.runtime.serving;

/** A malformed inference request: answered 400 with this message, which names the field. */
final class BadRequestException extends RuntimeException {

  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
