package dev.millrace.engine.log;

import static dev.millrace.engine.log.LogFormat.FRAME_CRC;
import static dev.millrace.engine.log.LogFormat.FRAME_FIRST;
import static dev.millrace.engine.log.LogFormat.FRAME_HEADER_BYTES;
import static dev.millrace.engine.log.LogFormat.FRAME_LAST;
import static dev.millrace.engine.log.LogFormat.FRAME_LENGTH;
import static dev.millrace.engine.log.LogFormat.SEGMENT_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates every segment when the log opens. Only a tail that can never have been acknowledged is
 * repaired: bad bytes after the last intact entry of the log, with no intact entry after them (a
 * write torn by a crash, zeroed or garbage space). Anything else is acknowledged data gone bad and
 * fails the open with a {@link CorruptLogException}.
 */
final class LogRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
  private static final int SCAN_BUFFER_BYTES = 1 << 20;

  record Recovered(List<Segment> segments, RecoveryReport report) {}

  /** What one pass over one file found. */
  private static final class Scan {
    final Path file;
    final long base;
    long fileBytes;
    boolean
        noData; // shorter than a header, or nothing but zeros: a segment whose creation was torn
    Segment segment; // null when noData
    long entries;
    long badOffset = -1; // first frame that failed its checks
    String badReason;

    Scan(Path file, long base) {
      this.file = file;
      this.base = base;
    }

    boolean hasEntries() {
      return segment != null && !segment.isEmpty();
    }

    long nextPosition() {
      return segment.lastPosition() + 1;
    }
  }

  private LogRecovery() {}

  static Recovered recover(Path directory) throws IOException {
    long started = System.nanoTime();
    List<Path> files = segmentFiles(directory);
    FrameReader frames = new FrameReader(SCAN_BUFFER_BYTES);
    List<Scan> scans = new ArrayList<>();
    for (Path file : files) {
      scans.add(scan(file, frames));
    }

    int lastWithEntries = -1;
    for (int i = 0; i < scans.size(); i++) {
      if (scans.get(i).hasEntries()) {
        lastWithEntries = i;
      }
    }
    // A bad frame is a torn tail only when no intact entry of the log follows it. Segments after
    // the last one with entries are removed below, so only that one is truncated.
    Optional<RecoveryReport.TornTail> tornTail = Optional.empty();
    for (int i = 0; i < scans.size(); i++) {
      Scan scan = scans.get(i);
      if (scan.badOffset < 0) {
        continue;
      }
      long expected = scan.nextPosition();
      if (i < lastWithEntries) {
        Scan later = scans.get(lastWithEntries);
        throw new CorruptLogException(
            scan.file,
            scan.badOffset,
            expected,
            scan.badReason
                + "; later segment "
                + later.file.getFileName()
                + " holds entries up to position "
                + later.segment.lastPosition()
                + ", so this entry was acknowledged and is lost");
      }
      long[] following = findIntactFrame(scan.file, scan.badOffset + 1, scan.fileBytes, expected);
      if (following != null) {
        throw new CorruptLogException(
            scan.file,
            scan.badOffset,
            expected,
            scan.badReason
                + "; an intact entry (positions "
                + following[1]
                + ".."
                + following[2]
                + ") follows at byte offset "
                + following[0]
                + ", so this is damaged acknowledged data, not a torn tail");
      }
      if (i == lastWithEntries) {
        tornTail = Optional.of(truncate(scan));
      }
    }

    // Segments after the last one with entries hold nothing (their creation or first write was
    // torn): remove them so the next roll-over recreates them cleanly.
    List<Path> removed = new ArrayList<>();
    List<Scan> kept = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      Scan scan = scans.get(i);
      if (i > lastWithEntries) {
        LOG.warn(
            "Removing log segment {} ({} bytes): it holds no entry, a crash interrupted its creation",
            scan.file,
            scan.fileBytes);
        Files.delete(scan.file);
        removed.add(scan.file);
      } else if (scan.noData) {
        throw new CorruptLogException(
            scan.file,
            0,
            scan.base,
            "segment holds no header and no data, but later segments hold entries");
      } else if (!scan.hasEntries()) {
        // A header-only segment between others: harmless when the positions around it join up.
        LOG.warn("Removing empty log segment {} between others", scan.file);
        Files.delete(scan.file);
        removed.add(scan.file);
      } else {
        kept.add(scan);
      }
    }
    for (int i = 1; i < kept.size(); i++) {
      Scan previous = kept.get(i - 1);
      Scan scan = kept.get(i);
      if (scan.base != previous.nextPosition()) {
        throw new CorruptLogException(
            scan.file,
            0,
            previous.nextPosition(),
            "gap in positions: "
                + previous.file.getFileName()
                + " ends at position "
                + previous.segment.lastPosition()
                + " but this segment starts at "
                + scan.base);
      }
    }

    // After kill -9 the previous process's last writes may still be only in the page cache: make
    // everything that will count as committed durable before anyone reads it.
    List<Segment> segments = new ArrayList<>();
    long entries = 0;
    for (Scan scan : kept) {
      try (FileChannel channel = FileChannel.open(scan.file, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      scan.segment.seal();
      segments.add(scan.segment);
      entries += scan.entries;
    }
    DirectorySync.sync(directory);

    long first = segments.isEmpty() ? 0 : segments.get(0).basePosition;
    long last = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastPosition();
    RecoveryReport report =
        new RecoveryReport(
            segments.size(),
            entries,
            first,
            last,
            tornTail,
            List.copyOf(removed),
            Duration.ofNanos(System.nanoTime() - started));
    LOG.info(
        "Opened log {}: {} segments, {} entries, positions {}..{}, validated in {} ms",
        directory,
        report.segments(),
        entries,
        first,
        last,
        report.duration().toMillis());
    return new Recovered(segments, report);
  }

  private static List<Path> segmentFiles(Path directory) throws IOException {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(p -> LogFormat.basePositionOf(p) >= 0)
          .sorted(Comparator.comparingLong(LogFormat::basePositionOf))
          .toList();
    }
  }

  private static Scan scan(Path file, FrameReader frames) throws IOException {
    Scan scan = new Scan(file, LogFormat.basePositionOf(file));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      scan.fileBytes = channel.size();
      ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
      while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
        // read until full or end of file
      }
      header.flip();
      String headerProblem = LogFormat.checkSegmentHeader(header, scan.base);
      if (headerProblem != null) {
        if (scan.fileBytes < SEGMENT_HEADER_BYTES || isAllZero(channel)) {
          scan.noData = true;
          return scan;
        }
        throw new CorruptLogException(file, 0, scan.base, headerProblem);
      }
      Segment segment = new Segment(file, scan.base, SEGMENT_HEADER_BYTES, null, true);
      scan.segment = segment;
      frames.use(channel);
      long offset = SEGMENT_HEADER_BYTES;
      while (offset < scan.fileBytes) {
        String problem = frames.read(offset, scan.fileBytes);
        if (problem != null) {
          scan.badOffset = offset;
          scan.badReason = problem;
          break;
        }
        long expected = segment.lastPosition() + 1;
        if (frames.firstPosition() != expected || frames.lastPosition() < frames.firstPosition()) {
          // The checksum matched, so these bytes are what was written: not a torn write.
          throw new CorruptLogException(
              file,
              offset,
              expected,
              "intact frame holds positions "
                  + frames.firstPosition()
                  + ".."
                  + frames.lastPosition()
                  + " but position "
                  + expected
                  + " was expected next");
        }
        segment.appended(
            frames.firstPosition(), frames.lastPosition(), offset, frames.frameBytes());
        scan.entries++;
        offset += frames.frameBytes();
      }
    }
    return scan;
  }

  private static boolean isAllZero(FileChannel channel) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    long offset = 0;
    int read;
    while ((read = channel.read(chunk.clear(), offset)) > 0) {
      for (int i = 0; i < read; i++) {
        if (chunk.get(i) != 0) {
          return false;
        }
      }
      offset += read;
    }
    return true;
  }

  /**
   * Looks for any intact frame starting in {@code [from, fileBytes)} whose first position is at
   * least {@code minFirstPosition}: evidence that entries were written after the bad one.
   *
   * @return {@code {offset, firstPosition, lastPosition}}, or null when there is none
   */
  static long[] findIntactFrame(Path file, long from, long fileBytes, long minFirstPosition)
      throws IOException {
    if (fileBytes - from < FRAME_HEADER_BYTES) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer tail = channel.map(FileChannel.MapMode.READ_ONLY, from, fileBytes - from);
      int end = tail.limit();
      CRC32C crc = new CRC32C();
      for (int at = 0; at + FRAME_HEADER_BYTES <= end; at++) {
        int length = tail.getInt(at + FRAME_LENGTH);
        if (length < 0 || length > end - at - FRAME_HEADER_BYTES) {
          continue;
        }
        long first = tail.getLong(at + FRAME_FIRST);
        long last = tail.getLong(at + FRAME_LAST);
        if (first < minFirstPosition || last < first) {
          continue;
        }
        crc.reset();
        crc.update(
            tail.duplicate().position(at + FRAME_LENGTH).limit(at + FRAME_HEADER_BYTES + length));
        if ((int) crc.getValue() == tail.getInt(at + FRAME_CRC)) {
          return new long[] {from + at, first, last};
        }
      }
      return null;
    }
  }

  private static RecoveryReport.TornTail truncate(Scan scan) throws IOException {
    long discarded = scan.fileBytes - scan.badOffset;
    try (FileChannel channel = FileChannel.open(scan.file, StandardOpenOption.WRITE)) {
      channel.truncate(scan.badOffset);
      channel.force(true);
    }
    LOG.warn(
        "Truncated the torn tail of log segment {} at byte offset {}: {} bytes discarded ({}); the log"
            + " now ends at position {}. These bytes were never acknowledged (no intact entry follows"
            + " them).",
        scan.file,
        scan.badOffset,
        discarded,
        scan.badReason,
        scan.segment.lastPosition());
    return new RecoveryReport.TornTail(scan.file, scan.badOffset, discarded, scan.badReason);
  }
}
