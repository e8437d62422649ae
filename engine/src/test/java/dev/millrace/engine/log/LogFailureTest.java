package dev.millrace.engine.log;

import static dev.millrace.engine.log.TestEntries.append;
import static dev.millrace.engine.log.TestEntries.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A failing disk: the log stops, says why, and a reopen recovers everything committed. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogFailureTest {

  private static final int MAX_SIZE = 200;

  @TempDir Path dir;

  private final FaultyChannel.Faults faults = new FaultyChannel.Faults();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  private LogConfig.Builder config() {
    return LogConfig.builder()
        .segmentBytes(1 << 20)
        .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
        .channelOpener(faults.opener());
  }

  @Test
  void aTornWriteFailsTheLogAndAReopenKeepsEveryCommittedEntry() throws Exception {
    long committed;
    Path segment;
    try (SegmentedLog log = SegmentedLog.open(dir, config().build())) {
      log.addFailureListener(failures::add);
      committed = append(log, 50, MAX_SIZE);
      log.awaitCommit(committed).get(5, TimeUnit.SECONDS);
      segment = log.segmentFiles().get(0);
      long sizeBefore = Files.size(segment);

      faults.writableBytes = 30;
      assertThatThrownBy(() -> append(log, 1, MAX_SIZE))
          .isInstanceOf(IOException.class)
          .hasMessage("injected write failure");

      assertThat(Files.size(segment)).isEqualTo(sizeBefore + 30);
      assertThat(failures).hasSize(1);
      assertThat(log.awaitCommit(committed + 1)).isCompletedExceptionally();
      faults.writableBytes = Long.MAX_VALUE;
      assertThatThrownBy(() -> append(log, 1, MAX_SIZE))
          .isInstanceOf(LogFailedException.class)
          .hasMessageContaining("close and reopen");
      assertThat(log.committedPosition()).isEqualTo(committed);
    }
    try (SegmentedLog log =
        SegmentedLog.open(
            dir,
            LogConfig.builder()
                .segmentBytes(1 << 20)
                .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
                .build())) {
      assertThat(log.recoveryReport().tornTail())
          .hasValueSatisfying(t -> assertThat(t.discardedBytes()).isEqualTo(30));
      assertThat(log.lastAppendedPosition()).isEqualTo(committed);
      assertThat(readAll(log, 1, MAX_SIZE)).hasSize(50);
      long more = append(log, 5, MAX_SIZE);
      log.awaitCommit(more).get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFailedFsyncCommitsNothingFailsWaitersAndStopsTheLog() throws Exception {
    long committed;
    long written;
    try (SegmentedLog log = SegmentedLog.open(dir, config().build())) {
      log.addFailureListener(failures::add);
      committed = append(log, 20, MAX_SIZE);
      log.awaitCommit(committed).get(5, TimeUnit.SECONDS);

      // Hold fsyncs until all five are written, so that they all land before the failure.
      java.util.concurrent.Semaphore fsyncs = new java.util.concurrent.Semaphore(0);
      faults.forcePermits = fsyncs;
      written = append(log, 5, MAX_SIZE);
      CompletableFuture<Long> commit = log.awaitCommit(written);
      faults.failForce = true;
      fsyncs.release(100);
      await().atMost(Duration.ofSeconds(5)).until(commit::isDone);

      assertThat(commit).isCompletedExceptionally();
      assertThat(failures)
          .singleElement()
          .satisfies(e -> assertThat(e).hasMessage("injected fsync failure"));
      assertThat(log.committedPosition()).isEqualTo(committed);
      assertThatThrownBy(() -> append(log, 1, MAX_SIZE)).isInstanceOf(LogFailedException.class);
    }
    // The written entries were only in the page cache when the fsync failed; the reopen finds them
    // intact there and makes them durable before counting them.
    try (SegmentedLog log =
        SegmentedLog.open(
            dir, LogConfig.builder().minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES).build())) {
      assertThat(log.lastAppendedPosition()).isEqualTo(written);
      assertThat(readAll(log, 1, MAX_SIZE)).hasSize(25);
    }
  }

  @Test
  void inEveryEntryModeAFailedFsyncFailsTheAppend() throws Exception {
    try (SegmentedLog log =
        SegmentedLog.open(dir, config().commitMode(LogConfig.CommitMode.EVERY_ENTRY).build())) {
      long committed = append(log, 5, MAX_SIZE);
      faults.failForce = true;
      assertThatThrownBy(() -> append(log, 1, MAX_SIZE)).hasMessage("injected fsync failure");
      assertThat(log.committedPosition()).isEqualTo(committed);
      assertThatThrownBy(() -> append(log, 1, MAX_SIZE)).isInstanceOf(LogFailedException.class);
    }
  }

  /**
   * A fake volume of {@code capacity} bytes holding the log directory, never more than the real
   * free space.
   */
  private static LogConfig.FreeSpaceProbe volume(AtomicLong capacity) {
    return directory -> {
      long used;
      try (var files = Files.list(directory)) {
        used = files.mapToLong(f -> f.toFile().length()).sum();
      }
      return Math.min(capacity.get() - used, Files.getFileStore(directory).getUsableSpace());
    };
  }

  @Test
  void appendsAreRefusedBeforeWritingWhenTheVolumeRunsLowAndResumeWhenSpaceReturns()
      throws Exception {
    AtomicLong capacity = new AtomicLong(10L << 20);
    LogConfig config =
        config()
            .minFreeDiskBytes(1L << 20)
            .diskCheckInterval(Duration.ofHours(1))
            .diskCheckBytes(1L << 30)
            .freeSpaceProbe(volume(capacity))
            .build();
    byte[] payload = new byte[100_000];
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      // The probe is not re-read until the estimate runs low: the log counts its own writes.
      long position = 0;
      LogFullException full = null;
      while (full == null && position < 200) {
        try {
          log.append(position + 1, position + 1, payload);
          position++;
        } catch (LogFullException e) {
          full = e;
        }
      }
      assertThat(full).as("refused once 9 MiB were written").isNotNull();
      assertThat(position).isBetween(85L, 95L);
      assertThat(full.minFreeBytes()).isEqualTo(1L << 20);
      assertThat(full.usableBytes() - 100_000 - LogFormat.FRAME_HEADER_BYTES).isLessThan(1L << 20);
      assertThat(full)
          .hasMessageContaining("is full")
          .hasMessageContaining("LogConfig.minFreeDiskBytes");
      assertThat(log.lastAppendedPosition()).isEqualTo(position);
      long size = Files.size(log.segmentFiles().getLast());
      assertThatThrownBy(
              () ->
                  log.append(
                      log.lastAppendedPosition() + 1, log.lastAppendedPosition() + 1, payload))
          .isInstanceOf(LogFullException.class);
      assertThat(Files.size(log.segmentFiles().getLast())).as("nothing written").isEqualTo(size);

      capacity.set(100L << 20);
      log.append(position + 1, position + 1, payload);
      log.awaitCommit(position + 1).get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void spaceTakenByOthersIsNoticedAfterAtMostDiskCheckBytesWritten() throws Exception {
    AtomicLong capacity = new AtomicLong(1L << 30);
    LogConfig config =
        config()
            .minFreeDiskBytes(1L << 20)
            .diskCheckInterval(Duration.ofHours(1))
            .diskCheckBytes(10_000)
            .freeSpaceProbe(volume(capacity))
            .build();
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      log.append(1, 1, new byte[976]);
      capacity.set(0); // another process fills the disk
      int accepted = 0;
      try {
        for (long p = 2; p < 100; p++) {
          log.append(p, p, new byte[976]); // 1,000-byte frames
          accepted++;
        }
      } catch (LogFullException expected) {
        // the re-read after 10,000 bytes sees the full disk
      }
      assertThat(accepted).isBetween(8, 10);
    }
  }

  @Test
  void theRealVolumeIsCheckedToo() throws Exception {
    try (SegmentedLog log =
        SegmentedLog.open(dir, LogConfig.builder().minFreeDiskBytes(Long.MAX_VALUE / 2).build())) {
      assertThatThrownBy(() -> log.append(1, 1, new byte[1])).isInstanceOf(LogFullException.class);
      assertThat(log.lastAppendedPosition()).isZero();
    }
  }
}
