package dev.millrace.engine.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SegmentedLog#open} found and repaired.
 *
 * @param segments segment files kept
 * @param entries entries found intact
 * @param firstPosition lowest position stored, 0 when the log is empty
 * @param lastPosition highest position stored, 0 when the log is empty
 * @param tornTail the unacknowledged tail that was cut off, if any
 * @param removedSegments trailing segment files that held no entry (a crash while creating one)
 * @param duration how long validation took
 */
public record RecoveryReport(
    int segments,
    long entries,
    long firstPosition,
    long lastPosition,
    Optional<TornTail> tornTail,
    List<Path> removedSegments,
    Duration duration) {

  /**
   * A cut-off tail.
   *
   * @param file the segment that was truncated
   * @param offset byte offset it was truncated to, where the first bad frame started
   * @param discardedBytes bytes removed
   * @param reason what was wrong with the frame at {@code offset}
   */
  public record TornTail(Path file, long offset, long discardedBytes, String reason) {}
}
