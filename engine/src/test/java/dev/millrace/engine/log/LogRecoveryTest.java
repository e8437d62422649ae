package dev.millrace.engine.log;

import static dev.millrace.engine.log.TestEntries.append;
import static dev.millrace.engine.log.TestEntries.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damages stored segments the ways disks and crashes do, and checks what opening makes of it. */
class LogRecoveryTest {

  private static final int MAX_SIZE = 200;
  private static final LogConfig ONE_SEGMENT =
      LogConfig.builder()
          .segmentBytes(1 << 20)
          .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
          .build();
  private static final LogConfig SMALL_SEGMENTS =
      LogConfig.builder()
          .segmentBytes(4096)
          .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
          .build();

  @TempDir Path dir;

  /** A frame as stored: where it starts and what it holds. */
  record Frame(long offset, long first, long last, int length) {
    long end() {
      return offset + LogFormat.FRAME_HEADER_BYTES + length;
    }
  }

  /** Writes {@code entries} entries, closes, and returns the segment files. */
  private List<Path> writeLog(Path directory, LogConfig config, int entries) throws Exception {
    try (SegmentedLog log = SegmentedLog.open(directory, config)) {
      long last = append(log, entries, MAX_SIZE);
      log.awaitCommit(last).get(5, TimeUnit.SECONDS);
      return log.segmentFiles();
    }
  }

  static List<Frame> frames(Path segment) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Frame> frames = new ArrayList<>();
    int at = LogFormat.SEGMENT_HEADER_BYTES;
    while (at + LogFormat.FRAME_HEADER_BYTES <= bytes.limit()) {
      int length = bytes.getInt(at + 4);
      frames.add(new Frame(at, bytes.getLong(at + 8), bytes.getLong(at + 16), length));
      at += LogFormat.FRAME_HEADER_BYTES + length;
    }
    return frames;
  }

  private static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= (byte) 0x5A;
    Files.write(file, bytes);
  }

  /**
   * Opens, checks the survivors, appends more and reopens: the repaired log must be a sound log.
   */
  private static void assertRecoversTo(Path directory, LogConfig config, int entries, Long tornAt)
      throws Exception {
    long last;
    try (SegmentedLog log = SegmentedLog.open(directory, config)) {
      RecoveryReport report = log.recoveryReport();
      if (tornAt == null) {
        assertThat(report.tornTail()).isEmpty();
      } else {
        assertThat(report.tornTail())
            .hasValueSatisfying(t -> assertThat(t.offset()).isEqualTo(tornAt));
      }
      List<LogEntry> survivors = readAll(log, 1, MAX_SIZE);
      assertThat(survivors).hasSize(entries);
      assertThat(log.lastAppendedPosition()).isEqualTo(survivors.get(entries - 1).lastPosition());
      assertThat(log.committedPosition()).isEqualTo(log.lastAppendedPosition());
      last = append(log, 3, MAX_SIZE);
      log.awaitCommit(last).get(5, TimeUnit.SECONDS);
    }
    try (SegmentedLog log = SegmentedLog.open(directory, config)) {
      assertThat(log.recoveryReport().tornTail()).isEmpty();
      assertThat(readAll(log, 1, MAX_SIZE)).hasSize(entries + 3);
      assertThat(log.lastAppendedPosition()).isEqualTo(last);
    }
  }

  @Test
  void aTailTornAtEveryByteOfTheLastEntryIsCutAwayAndAllEarlierEntriesSurvive() throws Exception {
    Path source = dir.resolve("source");
    Path segment = writeLog(source, ONE_SEGMENT, 20).get(0);
    byte[] intact = Files.readAllBytes(segment);
    Frame lastFrame = frames(segment).get(19);
    assertThat(lastFrame.end()).isEqualTo(intact.length);

    for (long cut = lastFrame.offset(); cut < lastFrame.end(); cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Files.createDirectories(copy);
      Files.write(copy.resolve(segment.getFileName()), Arrays.copyOf(intact, (int) cut));
      assertRecoversTo(
          copy, ONE_SEGMENT, 19, cut == lastFrame.offset() ? null : lastFrame.offset());
    }
  }

  @Test
  void aFlippedByteAnywhereInTheLastEntryIsCutAway() throws Exception {
    Path source = dir.resolve("source");
    Path segment = writeLog(source, ONE_SEGMENT, 20).get(0);
    byte[] intact = Files.readAllBytes(segment);
    Frame lastFrame = frames(segment).get(19);

    for (long at = lastFrame.offset(); at < lastFrame.end(); at++) {
      Path copy = dir.resolve("flip-" + at);
      Files.createDirectories(copy);
      Path damaged = copy.resolve(segment.getFileName());
      Files.write(damaged, intact);
      flipByte(damaged, at);
      assertRecoversTo(copy, ONE_SEGMENT, 19, lastFrame.offset());
    }
  }

  @Test
  void zeroFilledSpaceAfterTheLastEntryIsCutAway() throws Exception {
    Path segment = writeLog(dir, ONE_SEGMENT, 20).get(0);
    long end = Files.size(segment);
    Files.write(segment, new byte[64 * 1024], java.nio.file.StandardOpenOption.APPEND);

    try (SegmentedLog log = SegmentedLog.open(dir, ONE_SEGMENT)) {
      RecoveryReport.TornTail torn = log.recoveryReport().tornTail().orElseThrow();
      assertThat(torn.offset()).isEqualTo(end);
      assertThat(torn.discardedBytes()).isEqualTo(64 * 1024);
      assertThat(torn.reason()).contains("zero-filled");
    }
    assertThat(Files.size(segment)).isEqualTo(end);
    assertRecoversTo(dir, ONE_SEGMENT, 20, null);
  }

  @Test
  void aLastEntryWhosePagesReachedTheDiskAsZerosIsCutAway() throws Exception {
    Path segment = writeLog(dir, ONE_SEGMENT, 20).get(0);
    Frame lastFrame = frames(segment).get(19);
    byte[] bytes = Files.readAllBytes(segment);
    Arrays.fill(bytes, (int) lastFrame.offset(), bytes.length, (byte) 0);
    Files.write(segment, bytes);
    assertRecoversTo(dir, ONE_SEGMENT, 19, lastFrame.offset());
  }

  @Test
  void garbageAfterTheLastEntryIsCutAway() throws Exception {
    Path source = dir.resolve("source");
    Path segment = writeLog(source, ONE_SEGMENT, 20).get(0);
    byte[] intact = Files.readAllBytes(segment);
    Random random = new Random(42);
    for (int garbage : new int[] {1, 7, 23, 24, 25, 100, 4096, 100_000}) {
      Path copy = dir.resolve("garbage-" + garbage);
      Files.createDirectories(copy);
      byte[] tail = new byte[garbage];
      random.nextBytes(tail);
      Path damaged = copy.resolve(segment.getFileName());
      Files.write(damaged, intact);
      Files.write(damaged, tail, java.nio.file.StandardOpenOption.APPEND);
      assertRecoversTo(copy, ONE_SEGMENT, 20, (long) intact.length);
    }
  }

  @Test
  void aDamagedEntryFollowedByIntactOnesInTheLastSegmentFailsTheOpen() throws Exception {
    Path segment = writeLog(dir, ONE_SEGMENT, 20).get(0);
    Frame victim = frames(segment).get(10);
    flipByte(segment, victim.offset() + LogFormat.FRAME_HEADER_BYTES + victim.length() / 2);
    long sizeBefore = Files.size(segment);

    CorruptLogException e =
        catchThrowableOfType(CorruptLogException.class, () -> SegmentedLog.open(dir, ONE_SEGMENT));

    assertThat(e).isNotNull();
    assertThat(e.file()).isEqualTo(segment);
    assertThat(e.offset()).isEqualTo(victim.offset());
    assertThat(e.position()).isEqualTo(victim.first());
    assertThat(e.getMessage())
        .contains(segment.toString())
        .contains("byte offset " + victim.offset())
        .contains("position " + victim.first())
        .contains("checksum mismatch")
        .contains("intact entry (positions " + frames(segment).get(11).first());
    assertThat(Files.size(segment)).as("nothing truncated").isEqualTo(sizeBefore);
    // The directory lock was released: the operator can retry after repairing.
    assertThatThrownBy(() -> SegmentedLog.open(dir, ONE_SEGMENT))
        .isInstanceOf(CorruptLogException.class);
  }

  @Test
  void aDamagedEntryInAMiddleSegmentFailsTheOpenNamingFileOffsetAndPosition() throws Exception {
    List<Path> segments = writeLog(dir, SMALL_SEGMENTS, 300);
    assertThat(segments).hasSizeGreaterThan(5);
    Path middle = segments.get(2);
    Frame victim = frames(middle).get(3);
    flipByte(middle, victim.offset() + 12); // inside the first position field

    CorruptLogException e =
        catchThrowableOfType(
            CorruptLogException.class, () -> SegmentedLog.open(dir, SMALL_SEGMENTS));

    assertThat(e).isNotNull();
    assertThat(e.file()).isEqualTo(middle);
    assertThat(e.offset()).isEqualTo(victim.offset());
    assertThat(e.position()).isEqualTo(victim.first());
    assertThat(e.getMessage())
        .isEqualTo(
            "Corrupt log segment %s at byte offset %d (entry expected to start at position %d): checksum mismatch;"
                + " later segment %s holds entries up to position %d, so this entry was acknowledged and is lost",
            middle,
            victim.offset(),
            victim.first(),
            segments.get(segments.size() - 1).getFileName(),
            frames(segments.get(segments.size() - 1)).getLast().last());
  }

  @Test
  void aTornTailInAMiddleSegmentFailsTheOpen() throws Exception {
    List<Path> segments = writeLog(dir, SMALL_SEGMENTS, 300);
    Path middle = segments.get(1);
    Frame lastOfMiddle = frames(middle).getLast();
    byte[] bytes = Files.readAllBytes(middle);
    Files.write(middle, Arrays.copyOf(bytes, (int) lastOfMiddle.offset() + 10));

    assertThatThrownBy(() -> SegmentedLog.open(dir, SMALL_SEGMENTS))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(middle.toString())
        .hasMessageContaining("byte offset " + lastOfMiddle.offset())
        .hasMessageContaining("position " + lastOfMiddle.first())
        .hasMessageContaining("incomplete frame header");
  }

  @Test
  void aMissingMiddleSegmentFailsTheOpenWithTheGap() throws Exception {
    List<Path> segments = writeLog(dir, SMALL_SEGMENTS, 300);
    Files.delete(segments.get(2));
    long gapStart = frames(segments.get(1)).getLast().last() + 1;

    assertThatThrownBy(() -> SegmentedLog.open(dir, SMALL_SEGMENTS))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(segments.get(3).toString())
        .hasMessageContaining("gap in positions")
        .hasMessageContaining("position " + gapStart);
  }

  @Test
  void aDamagedSegmentHeaderFailsTheOpen() throws Exception {
    List<Path> segments = writeLog(dir, SMALL_SEGMENTS, 300);
    flipByte(segments.get(1), 3);

    assertThatThrownBy(() -> SegmentedLog.open(dir, SMALL_SEGMENTS))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(segments.get(1).toString())
        .hasMessageContaining("byte offset 0")
        .hasMessageContaining("bad segment magic");
  }

  @Test
  void aSegmentOfAnotherFormatVersionIsRefused() throws Exception {
    List<Path> segments = writeLog(dir, ONE_SEGMENT, 5);
    Path segment = segments.get(0);
    byte[] bytes = Files.readAllBytes(segment);
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, LogFormat.SEGMENT_HEADER_BYTES);
    header.putInt(8, 2);
    header.putInt(28, LogFormat.crc32c(bytes, 0, 28));
    Files.write(segment, bytes);

    assertThatThrownBy(() -> SegmentedLog.open(dir, ONE_SEGMENT))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("unsupported segment format version 2");
  }

  @Test
  void anIntactFrameWithTheWrongPositionsFailsTheOpen() throws Exception {
    Path segment = writeLog(dir, ONE_SEGMENT, 5).get(0);
    Frame last = frames(segment).getLast();
    byte[] bytes = Files.readAllBytes(segment);
    ByteBuffer frame = ByteBuffer.wrap(bytes);
    int at = (int) last.offset();
    frame.putLong(at + 8, last.first() + 7);
    frame.putLong(at + 16, last.last() + 7);
    CRC32C crc = new CRC32C();
    crc.update(bytes, at + 4, (int) (last.end() - at - 4));
    frame.putInt(at, (int) crc.getValue());
    Files.write(segment, bytes);

    assertThatThrownBy(() -> SegmentedLog.open(dir, ONE_SEGMENT))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("byte offset " + last.offset())
        .hasMessageContaining("intact frame holds positions " + (last.first() + 7));
  }

  @Test
  void aSegmentWhoseCreationWasTornIsRemoved() throws Exception {
    Path source = dir.resolve("source");
    List<Path> segments = writeLog(source, SMALL_SEGMENTS, 100);
    long nextBase = frames(segments.getLast()).getLast().last() + 1;
    byte[] header = LogFormat.segmentHeader(nextBase).array();
    byte[][] leftovers = {
      new byte[0],
      Arrays.copyOf(header, 10),
      new byte[LogFormat.SEGMENT_HEADER_BYTES],
      new byte[4096],
      header,
      concat(header, new byte[] {1, 2, 3, 4, 5}),
    };
    for (int i = 0; i < leftovers.length; i++) {
      Path copy = dir.resolve("torn-creation-" + i);
      Files.createDirectories(copy);
      for (Path segment : segments) {
        Files.copy(segment, copy.resolve(segment.getFileName()));
      }
      Path leftover = copy.resolve(LogFormat.segmentFileName(nextBase));
      Files.write(leftover, leftovers[i]);
      try (SegmentedLog log = SegmentedLog.open(copy, SMALL_SEGMENTS)) {
        assertThat(log.recoveryReport().removedSegments()).containsExactly(leftover);
        assertThat(Files.exists(leftover)).isFalse();
      }
      assertRecoversTo(copy, SMALL_SEGMENTS, 100, null);
    }
  }

  @Test
  void aTornTailInTheLastSegmentWithEntriesIsCutWhenOnlyAnEmptySegmentFollows() throws Exception {
    List<Path> segments = writeLog(dir, SMALL_SEGMENTS, 100);
    assertThat(segments).hasSizeGreaterThan(1);
    Path last = segments.getLast();
    Frame lastFrame = frames(last).getLast();
    byte[] bytes = Files.readAllBytes(last);
    Files.write(last, Arrays.copyOf(bytes, (int) lastFrame.offset() + 5));
    long nextBase = lastFrame.last() + 1;
    Files.write(
        dir.resolve(LogFormat.segmentFileName(nextBase)),
        LogFormat.segmentHeader(nextBase).array());

    assertRecoversTo(dir, SMALL_SEGMENTS, 99, lastFrame.offset());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
