package dev.millrace.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic entries: the record count and the payload follow from the first position, so any
 * reader can tell an intact entry from a damaged or misplaced one without remembering what was
 * written.
 */
final class TestEntries {

  /**
   * Tests keep the real free-space check on with this floor, so that a runaway test stops at a full
   * log instead of filling a disk other people use.
   */
  static final long SAFETY_FREE_BYTES = 64L << 20;

  private TestEntries() {}

  static int records(long firstPosition) {
    return 1 + (int) Math.floorMod(mix(firstPosition), 4L);
  }

  static int size(long firstPosition, int maxSize) {
    return (int) Math.floorMod(mix(firstPosition) >>> 8, (long) maxSize + 1);
  }

  static byte[] payload(long firstPosition, long lastPosition, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(firstPosition * 1_000_003L + lastPosition).nextBytes(bytes);
    return bytes;
  }

  /** Appends {@code count} entries continuing the log; returns the last position appended. */
  static long append(SegmentedLog log, int count, int maxSize) throws IOException {
    long next = log.lastAppendedPosition() + 1;
    for (int i = 0; i < count; i++) {
      long last = next + records(next) - 1;
      log.append(next, last, payload(next, last, size(next, maxSize)));
      next = last + 1;
    }
    return next - 1;
  }

  /** Checks that an entry is exactly what {@link #append} wrote for its position. */
  static void assertIntact(LogEntry entry, int maxSize) {
    long first = entry.firstPosition();
    assertThat(entry.lastPosition())
        .as("last position of entry at %d", first)
        .isEqualTo(first + records(first) - 1);
    assertThat(entry.payload())
        .as("payload of entry at %d", first)
        .isEqualTo(payload(first, entry.lastPosition(), size(first, maxSize)));
  }

  /** Reads every committed entry from {@code from}, checking each one and their continuity. */
  static List<LogEntry> readAll(SegmentedLog log, long from, int maxSize) {
    List<LogEntry> entries = new ArrayList<>();
    try (LogReader reader = log.newReader(from)) {
      while (reader.hasNext()) {
        LogEntry entry = reader.next();
        if (!entries.isEmpty()) {
          assertThat(entry.firstPosition())
              .isEqualTo(entries.get(entries.size() - 1).lastPosition() + 1);
        }
        assertIntact(entry, maxSize);
        entries.add(entry);
      }
    }
    return entries;
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}
