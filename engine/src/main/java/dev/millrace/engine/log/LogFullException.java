package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The volume holding the log has less usable space than {@link LogConfig#minFreeDiskBytes()}.
 * Thrown by {@link SegmentedLog#append} before anything is written: the log is unchanged and stays
 * usable, so the caller can reject the command (back-pressure) and retry once space is freed.
 */
public final class LogFullException extends IOException {

  private final long usableBytes;
  private final long minFreeBytes;

  LogFullException(Path directory, long usableBytes, long minFreeBytes, int entryBytes) {
    super(
        String.format(
            "Log volume of %s is full: %,d bytes usable, the log keeps at least %,d free"
                + " (LogConfig.minFreeDiskBytes) and the entry needs %,d",
            directory, usableBytes, minFreeBytes, entryBytes));
    this.usableBytes = usableBytes;
    this.minFreeBytes = minFreeBytes;
  }

  public long usableBytes() {
    return usableBytes;
  }

  public long minFreeBytes() {
    return minFreeBytes;
  }
}
