package dev.millrace.engine.log;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The flusher thread of {@link LogConfig.CommitMode#GROUP}: fsyncs whatever the writer wrote since
 * the last fsync, commits it, and sleeps when there is nothing new. The writer wakes it only when
 * it is parked, so a busy flusher costs the writer nothing.
 */
final class GroupCommit {

  // A wake-up lost to a race costs at most this much latency; the handshake below should lose none.
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final SegmentedLog log;
  private final long delayNanos;
  private final Thread thread;
  private volatile boolean parked;
  private volatile boolean stopping;

  GroupCommit(SegmentedLog log, Duration maxCommitDelay, String name) {
    this.log = log;
    this.delayNanos = maxCommitDelay.toNanos();
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Writer thread, after publishing a new last appended position. */
  void wakeUp() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Commits what was written, then ends the thread. An interrupt stops the wait (the flusher may be
   * stuck in an fsync of a dying disk) and is kept on the calling thread.
   */
  void stop() {
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (true) {
        if (log.hasUncommitted()) {
          if (delayNanos > 0 && !stopping) {
            LockSupport.parkNanos(delayNanos);
          }
          log.flush();
          continue;
        }
        if (stopping) {
          return;
        }
        parked = true;
        // Re-check after announcing: the writer publishes its position, then reads 'parked'.
        if (!log.hasUncommitted() && !stopping) {
          LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
        parked = false;
      }
    } catch (IOException | RuntimeException | Error e) {
      log.fail(e);
    }
  }
}
