package dev.millrace.engine.log;

import static dev.millrace.engine.log.TestEntries.append;
import static dev.millrace.engine.log.TestEntries.assertIntact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogConcurrencyTest {

  private static final int MAX_SIZE = 100;

  @TempDir Path dir;

  @Test
  void readersTailingTheLogSeeEveryEntryInOrderAndOnlyCommittedOnes() throws Exception {
    LogConfig config =
        LogConfig.builder()
            .segmentBytes(64 * 1024)
            .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
            .build();
    int entries = 30_000;
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      Future<Long> writer =
          threads.submit(
              () -> {
                long last = 0;
                for (int i = 0; i < entries; i += 100) {
                  last = append(log, 100, MAX_SIZE);
                  Thread.yield();
                }
                return last;
              });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(threads.submit(() -> tail(log, 1, entries)));
      }
      // One reader starts late and from the middle, while the writer is still going.
      await().atMost(Duration.ofSeconds(20)).until(() -> log.committedPosition() > 20_000);
      readers.add(threads.submit(() -> tail(log, 20_000, -1)));

      long last = writer.get(30, TimeUnit.SECONDS);
      log.awaitCommit(last).get(10, TimeUnit.SECONDS);
      for (int r = 0; r < 3; r++) {
        assertThat(readers.get(r).get(30, TimeUnit.SECONDS)).isEqualTo(entries);
      }
      assertThat(readers.get(3).get(30, TimeUnit.SECONDS)).isPositive();
      assertThat(log.segmentFiles()).hasSizeGreaterThan(10);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Reads until the writer is done and everything is read; returns how many entries it saw. */
  private static int tail(SegmentedLog log, long from, int expected) {
    int seen = 0;
    long previousLast = -1;
    try (LogReader reader = log.newReader(from)) {
      while (expected < 0
          ? previousLast < log.lastAppendedPosition() || log.hasUncommitted()
          : seen < expected) {
        if (!reader.hasNext()) {
          Thread.onSpinWait();
          continue;
        }
        LogEntry entry = reader.next();
        assertThat(entry.lastPosition())
            .as("read entry is committed")
            .isLessThanOrEqualTo(log.committedPosition());
        if (previousLast >= 0) {
          assertThat(entry.firstPosition()).isEqualTo(previousLast + 1);
        } else {
          assertThat(entry.firstPosition()).isLessThanOrEqualTo(from);
          assertThat(entry.lastPosition()).isGreaterThanOrEqualTo(from);
        }
        assertIntact(entry, MAX_SIZE);
        previousLast = entry.lastPosition();
        seen++;
      }
    }
    return seen;
  }

  @Test
  void readersNeverSeeEntriesWrittenButNotYetFsynced() throws Exception {
    FaultyChannel.Faults faults = new FaultyChannel.Faults();
    Semaphore fsyncs = new Semaphore(0);
    faults.forcePermits = fsyncs;
    LogConfig config =
        LogConfig.builder()
            .segmentBytes(1 << 20)
            .minFreeDiskBytes(TestEntries.SAFETY_FREE_BYTES)
            .channelOpener(faults.opener())
            .build();
    SegmentedLog log = SegmentedLog.open(dir, config);
    // Release held fsyncs before closing, also when an assertion fails: close waits for the
    // flusher.
    try (LogReader reader = log.newReader(1)) {
      long firstBatch = append(log, 10, MAX_SIZE);
      await().until(fsyncs::hasQueuedThreads); // the flusher is inside its fsync
      assertThat(log.lastAppendedPosition()).isEqualTo(firstBatch);
      assertThat(log.committedPosition()).isZero();
      assertThat(reader.hasNext()).as("nothing is durable yet").isFalse();

      fsyncs.release();
      await().until(() -> log.committedPosition() > 0);
      long committed = log.committedPosition();
      // The flusher now waits in its next fsync; what is written after this is not covered by it.
      long secondBatch = append(log, 10, MAX_SIZE);
      long read = 0;
      while (reader.hasNext()) {
        LogEntry entry = reader.next();
        assertIntact(entry, MAX_SIZE);
        read = entry.lastPosition();
      }
      assertThat(read).isEqualTo(committed).isLessThan(secondBatch);
      assertThat(log.committedPosition()).isEqualTo(committed);

      fsyncs.release(1000);
      log.awaitCommit(secondBatch).get(5, TimeUnit.SECONDS);
      while (reader.hasNext()) {
        read = reader.next().lastPosition();
      }
      assertThat(read).isEqualTo(secondBatch);
    } finally {
      fsyncs.release(1_000_000);
      log.close();
    }
  }
}
