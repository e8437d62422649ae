package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Stored log data is damaged where it cannot be a torn, unacknowledged tail: opening refuses rather
 * than silently drop acknowledged entries. Names the segment file, the byte offset and the position
 * the damaged entry should have started with.
 */
public final class CorruptLogException extends IOException {

  private final transient Path file;
  private final long offset;
  private final long position;

  CorruptLogException(Path file, long offset, long position, String problem) {
    super(
        String.format(
            "Corrupt log segment %s at byte offset %d (entry expected to start at position %d): %s",
            file, offset, position, problem));
    this.file = file;
    this.offset = offset;
    this.position = position;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  /** The position the damaged entry was expected to start with. */
  public long position() {
    return position;
  }
}
