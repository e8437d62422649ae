package dev.millrace.engine.log;

import static dev.millrace.engine.log.TestEntries.append;
import static dev.millrace.engine.log.TestEntries.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {

  private static final int MAX_SIZE = 300;

  @TempDir Path dir;

  private LogConfig small() {
    return LogConfig.builder()
        .segmentBytes(8 * 1024)
        .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
        .build();
  }

  @Test
  void emptyLogHasNoPositionsAndReadsNothing() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      assertThat(log.lastAppendedPosition()).isZero();
      assertThat(log.committedPosition()).isZero();
      assertThat(log.firstPosition()).isZero();
      try (LogReader reader = log.newReader(1)) {
        assertThat(reader.hasNext()).isFalse();
      }
      assertThat(log.recoveryReport().segments()).isZero();
    }
  }

  @Test
  void appendedEntriesAreCommittedAndReadBackAfterReopen() throws Exception {
    long last;
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      last = append(log, 200, MAX_SIZE);
      assertThat(log.awaitCommit(last).get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(last);
      assertThat(log.committedPosition()).isEqualTo(last);
      List<LogEntry> entries = readAll(log, 1, MAX_SIZE);
      assertThat(entries).hasSize(200);
      assertThat(entries.get(0).firstPosition()).isEqualTo(1);
      assertThat(entries.get(199).lastPosition()).isEqualTo(last);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      assertThat(log.lastAppendedPosition()).isEqualTo(last);
      assertThat(log.committedPosition()).isEqualTo(last);
      assertThat(log.firstPosition()).isEqualTo(1);
      assertThat(log.recoveryReport().entries()).isEqualTo(200);
      assertThat(log.recoveryReport().tornTail()).isEmpty();
      assertThat(readAll(log, 1, MAX_SIZE)).hasSize(200);
      long more = append(log, 10, MAX_SIZE);
      log.awaitCommit(more).get(5, TimeUnit.SECONDS);
      assertThat(readAll(log, 1, MAX_SIZE)).hasSize(210);
    }
  }

  @Test
  void firstEntryMayStartAnywhereAndSegmentsAreNamedByTheirFirstPosition() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      log.append(5000, 5002, new byte[] {1, 2, 3});
      log.awaitCommit(5002).get(5, TimeUnit.SECONDS);
      assertThat(log.firstPosition()).isEqualTo(5000);
      append(log, 100, MAX_SIZE);
      assertThat(log.segmentFiles()).hasSizeGreaterThan(2);
      assertThat(log.segmentFiles().get(0).getFileName()).hasToString("00000000000000005000.seg");
      for (Path file : log.segmentFiles()) {
        assertThat(Files.size(file)).isLessThanOrEqualTo(8 * 1024);
      }
    }
  }

  @Test
  void rejectsPositionsThatDoNotContinueTheLog() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      assertThatThrownBy(() -> log.append(0, 0, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 1");
      log.append(1, 3, new byte[0]);
      assertThatThrownBy(() -> log.append(5, 6, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("last appended position is 3")
          .hasMessageContaining("must start at 4");
      assertThatThrownBy(() -> log.append(3, 3, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must start at 4");
      assertThatThrownBy(() -> log.append(4, 3, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lastPosition 3 is below firstPosition 4");
      assertThatThrownBy(() -> log.append(4, 4, new byte[8 * 1024]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("exceeds LogConfig.maxEntryBytes");
      // Rejections leave the log usable.
      log.append(4, 4, new byte[] {7});
      assertThat(log.lastAppendedPosition()).isEqualTo(4);
    }
  }

  @Test
  void rejectsEntriesLargerThanASegmentCanHoldInTheConfig() {
    assertThatThrownBy(() -> LogConfig.builder().segmentBytes(8192).maxEntryBytes(8192).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntryBytes");
  }

  @Test
  void readerCrossesSegmentsAndSeeksInsideMultiRecordEntries() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      long last = append(log, 500, MAX_SIZE);
      log.awaitCommit(last).get(5, TimeUnit.SECONDS);
      assertThat(log.segmentFiles()).hasSizeGreaterThan(5);
      List<LogEntry> all = readAll(log, 1, MAX_SIZE);
      try (LogReader reader = log.newReader(1)) {
        for (LogEntry expected : all) {
          // Every position, including ones inside an entry, finds the entry that holds it.
          for (long p = expected.firstPosition(); p <= expected.lastPosition(); p++) {
            reader.seek(p);
            assertThat(reader.hasNext()).isTrue();
            LogEntry found = reader.next();
            assertThat(found.firstPosition()).isEqualTo(expected.firstPosition());
            assertThat(found.payload()).isEqualTo(expected.payload());
          }
        }
        reader.seek(last + 1);
        assertThat(reader.hasNext()).isFalse();
        reader.seek(1);
        assertThat(reader.next().firstPosition()).isEqualTo(1);
      }
    }
  }

  @Test
  void largeEntriesBeyondTheWriteBufferRoundTrip() throws Exception {
    LogConfig config =
        LogConfig.builder()
            .segmentBytes(4 << 20)
            .maxEntryBytes(3 << 20)
            .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
            .build();
    byte[] big = TestEntries.payload(1, 1, 3 << 20);
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      log.append(1, 1, big);
      log.append(2, 2, ByteBuffer.wrap(big, 10, 1000));
      log.append(3, 3, TestEntries.payload(3, 3, 2 << 20));
      log.awaitCommit(3).get(5, TimeUnit.SECONDS);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config);
        LogReader reader = log.newReader(1)) {
      assertThat(reader.next().payload()).isEqualTo(big);
      assertThat(reader.next().payload()).isEqualTo(java.util.Arrays.copyOfRange(big, 10, 1010));
      assertThat(reader.next().payload()).isEqualTo(TestEntries.payload(3, 3, 2 << 20));
      assertThat(log.segmentFiles()).hasSize(2);
    }
  }

  @Test
  void deleteUntilRemovesWholeCommittedSegmentsBelowThePositionButNeverTheActiveOne()
      throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      long last = append(log, 500, MAX_SIZE);
      log.awaitCommit(last).get(5, TimeUnit.SECONDS);
      List<Path> before = log.segmentFiles();
      long middleBase = LogFormat.basePositionOf(before.get(before.size() / 2));

      int deleted = log.deleteUntil(middleBase + 1);

      assertThat(deleted).isEqualTo(before.size() / 2);
      assertThat(log.firstPosition()).isEqualTo(middleBase);
      for (int i = 0; i < before.size(); i++) {
        assertThat(Files.exists(before.get(i))).isEqualTo(i >= before.size() / 2);
      }
      // Reading from a deleted position starts at the oldest stored entry.
      List<LogEntry> remaining = readAll(log, 1, MAX_SIZE);
      assertThat(remaining.get(0).firstPosition()).isEqualTo(middleBase);
      assertThat(remaining.get(remaining.size() - 1).lastPosition()).isEqualTo(last);

      log.deleteUntil(Long.MAX_VALUE);
      assertThat(log.segmentFiles()).hasSize(1);
      assertThat(log.lastAppendedPosition()).isEqualTo(last);
      long more = append(log, 5, MAX_SIZE);
      log.awaitCommit(more).get(5, TimeUnit.SECONDS);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      assertThat(log.firstPosition()).isGreaterThan(1);
      assertThat(readAll(log, 0, MAX_SIZE)).isNotEmpty();
    }
  }

  @Test
  void readerBehindADeletedSegmentFailsInsteadOfSkippingEntries() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      long last = append(log, 500, MAX_SIZE);
      log.awaitCommit(last).get(5, TimeUnit.SECONDS);
      try (LogReader reader = log.newReader(1)) {
        assertThat(reader.next().firstPosition()).isEqualTo(1);
        List<Path> files = log.segmentFiles();
        log.deleteUntil(LogFormat.basePositionOf(files.get(3)));
        assertThatThrownBy(
                () -> {
                  while (reader.hasNext()) {
                    reader.next();
                  }
                })
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("were deleted (deleteUntil) before this reader read them");
      }
    }
  }

  @Test
  void commitListenersSeeEveryCommitInOrderOnTheFlusherThread() throws Exception {
    List<Long> commits = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      log.addCommitListener(
          p -> {
            commits.add(p);
            threads.add(Thread.currentThread().getName());
          });
      long last = 0;
      for (int i = 0; i < 50; i++) {
        last = append(log, 3, MAX_SIZE);
      }
      long finalLast = last;
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !commits.isEmpty() && commits.get(commits.size() - 1) == finalLast);
      assertThat(commits).isSorted().doesNotHaveDuplicates();
      assertThat(threads).allMatch(name -> name.startsWith("millrace-log-flusher"));
    }
  }

  @Test
  void awaitCommitCompletesForFuturePositionsAndFailsOnClose() throws Exception {
    SegmentedLog log = SegmentedLog.open(dir, small());
    CompletableFuture<Long> future = log.awaitCommit(10);
    assertThat(future).isNotDone();
    log.append(1, 12, new byte[] {1});
    assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(12);
    assertThat(log.awaitCommit(12)).isCompletedWithValue(12L);
    CompletableFuture<Long> never = log.awaitCommit(100);
    log.close();
    assertThat(never).isCompletedExceptionally();
    assertThatThrownBy(() -> log.append(13, 13, new byte[0]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyEntryModeCommitsBeforeAppendReturns() throws Exception {
    LogConfig config = small().toBuilder().commitMode(LogConfig.CommitMode.EVERY_ENTRY).build();
    List<Long> commits = new CopyOnWriteArrayList<>();
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      log.addCommitListener(commits::add);
      for (int i = 0; i < 100; i++) {
        long last = append(log, 1, MAX_SIZE);
        assertThat(log.committedPosition()).isEqualTo(last);
        assertThat(commits).endsWith(last);
      }
      assertThat(commits).hasSize(100);
      assertThat(readAll(log, 1, MAX_SIZE)).hasSize(100);
    }
  }

  @Test
  void groupCommitCoversManyEntriesPerFsyncWhenItWaits() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LogConfig config =
        small().toBuilder().maxCommitDelay(Duration.ofMillis(200)).meterRegistry(registry).build();
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      long last = append(log, 100, 50);
      log.awaitCommit(last).get(5, TimeUnit.SECONDS);
      long fsyncs = registry.get("millrace.log.fsync.duration").timer().count();
      // 100 appends take far less than the 200 ms the flusher waits before its first fsync.
      assertThat(fsyncs).isBetween(1L, 5L);
      assertThat(registry.get("millrace.log.fsync.entries").summary().totalAmount()).isEqualTo(100);
    }
  }

  @Test
  void metricsCountAppendsBytesAndCommitLatency() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (SegmentedLog log =
        SegmentedLog.open(dir, small().toBuilder().meterRegistry(registry).build())) {
      log.append(1, 1, new byte[100]);
      log.append(2, 4, new byte[50]);
      log.awaitCommit(4).get(5, TimeUnit.SECONDS);
      assertThat(registry.get("millrace.log.entries.appended").counter().count()).isEqualTo(2);
      assertThat(registry.get("millrace.log.bytes.written").counter().count())
          .isEqualTo(2 * LogFormat.FRAME_HEADER_BYTES + 150);
      await()
          .untilAsserted(
              () ->
                  assertThat(registry.get("millrace.log.commit.latency").timer().count())
                      .isEqualTo(2));
      assertThat(registry.get("millrace.log.committed.position").gauge().value()).isEqualTo(4);
      assertThat(registry.get("millrace.log.fsync.duration").timer().count()).isPositive();
    }
    // Reopened on the same registry, the gauge follows the new log.
    try (SegmentedLog log =
        SegmentedLog.open(dir, small().toBuilder().meterRegistry(registry).build())) {
      log.append(5, 5, new byte[1]);
      log.awaitCommit(5).get(5, TimeUnit.SECONDS);
      assertThat(registry.get("millrace.log.committed.position").gauge().value()).isEqualTo(5);
    }
  }

  @Test
  void aDirectoryIsOpenedByOneLogAtATime() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      assertThatThrownBy(() -> SegmentedLog.open(dir, small()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
      log.append(1, 1, new byte[1]);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, small())) {
      assertThat(log.lastAppendedPosition()).isEqualTo(1);
    }
  }
}
