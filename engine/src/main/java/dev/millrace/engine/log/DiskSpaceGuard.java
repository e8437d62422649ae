package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Refuses appends once the log's volume runs low. Reading the free space is a system call, so it is
 * re-read only after an interval or an amount written; in between, the log's own writes are
 * subtracted from the last reading. Used by the writer thread only.
 */
final class DiskSpaceGuard {

  private final Path directory;
  private final LogConfig.FreeSpaceProbe probe;
  private final long minFreeBytes;
  private final long intervalNanos;
  private final long intervalBytes;

  private long usableEstimate;
  private long lastReadNanos;
  private long writtenSinceRead;

  DiskSpaceGuard(Path directory, LogConfig config) throws IOException {
    this.directory = directory;
    this.probe = config.freeSpaceProbe();
    this.minFreeBytes = config.minFreeDiskBytes();
    this.intervalNanos = config.diskCheckInterval().toNanos();
    this.intervalBytes = config.diskCheckBytes();
    readUsableSpace(System.nanoTime());
  }

  void ensureRoomFor(int bytes) throws IOException {
    long now = System.nanoTime();
    if (now - lastReadNanos >= intervalNanos
        || writtenSinceRead >= intervalBytes
        || usableEstimate - bytes < minFreeBytes) {
      readUsableSpace(now);
    }
    if (usableEstimate - bytes < minFreeBytes) {
      throw new LogFullException(directory, usableEstimate, minFreeBytes, bytes);
    }
  }

  void written(long bytes) {
    usableEstimate -= bytes;
    writtenSinceRead += bytes;
  }

  private void readUsableSpace(long now) throws IOException {
    usableEstimate = probe.usableBytes(directory);
    lastReadNanos = now;
    writtenSinceRead = 0;
  }
}
