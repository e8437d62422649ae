package dev.millrace.engine.record;

/** Stored bytes do not decode: a bug or damaged storage, never a user error. */
public final class CorruptDataException extends RuntimeException {
  public CorruptDataException(String message) {
    super(message);
  }
}
