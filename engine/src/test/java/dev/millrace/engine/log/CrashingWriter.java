package dev.millrace.engine.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link LogCrashTest}: opens the log (recovering it), appends entries as fast
 * as a modest pace allows, prints every commit it is told about, and trims old segments, until the
 * test kills it.
 *
 * <p>Output lines: {@code OPEN <last position>}, {@code C <committed position>} (printed by the
 * commit listener, i.e. only once the entry is durable), {@code D <position>} after a deleteUntil.
 */
public final class CrashingWriter {

  static final int MAX_SIZE = 1500;

  /**
   * Segments are trimmed below (last printed commit - KEEP), so positions above that must survive.
   */
  static final long KEEP = 5000;

  static LogConfig config() {
    return LogConfig.builder()
        .segmentBytes(256 * 1024)
        .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
        .build();
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    try (SegmentedLog log = SegmentedLog.open(Path.of(args[0]), config())) {
      out.println("OPEN " + log.lastAppendedPosition());
      AtomicLong printed = new AtomicLong();
      log.addCommitListener(
          position -> {
            out.println("C " + position);
            printed.set(position);
          });
      for (long n = 1; ; n++) {
        TestEntries.append(log, 1, MAX_SIZE);
        if (n % 20 == 0) {
          Thread.sleep(1);
        }
        if (n % 500 == 0 && printed.get() - KEEP > 1) {
          long floor = printed.get() - KEEP;
          log.deleteUntil(floor);
          out.println("D " + floor);
        }
      }
    }
  }
}
