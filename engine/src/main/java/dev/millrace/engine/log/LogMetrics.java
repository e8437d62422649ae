package dev.millrace.engine.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The log's meters, and the append times behind the append-to-commit latency. Append times travel
 * from the writer to the committing thread through a single-producer single-consumer ring; when it
 * is full (the committer is far behind) samples are dropped rather than slowing the writer.
 */
final class LogMetrics {

  private static final int RING_SIZE = 1 << 16;
  private static final int RING_MASK = RING_SIZE - 1;

  final Timer commitLatency;
  final Timer fsyncDuration;
  final Counter bytesWritten;
  final Counter entriesAppended;
  final DistributionSummary entriesPerFsync;
  private final MeterRegistry registry;
  private final Gauge committedPositionGauge;

  private final long[] samplePositions = new long[RING_SIZE];
  private final long[] sampleNanos = new long[RING_SIZE];
  private final AtomicLong produced = new AtomicLong(); // written by the writer
  private final AtomicLong consumed = new AtomicLong(); // written by the committing thread

  <T> LogMetrics(MeterRegistry registry, T log, ToDoubleFunction<T> committedPosition) {
    this.registry = registry;
    commitLatency =
        Timer.builder("millrace.log.commit.latency")
            .description("Time from append until the entry is durable (fsynced) and committed")
            .publishPercentileHistogram()
            .register(registry);
    fsyncDuration =
        Timer.builder("millrace.log.fsync.duration")
            .description("Duration of one fsync of the log (all segments with new data)")
            .publishPercentileHistogram()
            .register(registry);
    bytesWritten =
        Counter.builder("millrace.log.bytes.written")
            .description("Bytes of frames written to the log")
            .baseUnit("bytes")
            .register(registry);
    entriesAppended =
        Counter.builder("millrace.log.entries.appended")
            .description("Entries appended to the log")
            .register(registry);
    entriesPerFsync =
        DistributionSummary.builder("millrace.log.fsync.entries")
            .description("Entries made durable by one fsync (group commit batch size)")
            .register(registry);
    committedPositionGauge =
        Gauge.builder("millrace.log.committed.position", log, committedPosition)
            .description("Highest committed log position")
            .register(registry);
  }

  /**
   * Unregisters the gauge, which observes this log instance: a log reopened on the same registry
   * registers its own. Timers and counters stay and keep counting across reopens.
   */
  void close() {
    registry.remove(committedPositionGauge);
  }

  /** Writer thread. */
  void appended(long lastPosition, int frameBytes, long appendNanos) {
    entriesAppended.increment();
    bytesWritten.increment(frameBytes);
    long p = produced.getPlain();
    if (p - consumed.getAcquire() < RING_SIZE) {
      int slot = (int) p & RING_MASK;
      samplePositions[slot] = lastPosition;
      sampleNanos[slot] = appendNanos;
      produced.setRelease(p + 1);
    }
  }

  /**
   * Committing thread, after an fsync that made {@code entries} more entries, everything up to
   * {@code committedPosition}, durable.
   */
  void committed(long committedPosition, long entries, long fsyncNanos, long nowNanos) {
    fsyncDuration.record(fsyncNanos, TimeUnit.NANOSECONDS);
    entriesPerFsync.record(entries);
    long c = consumed.getPlain();
    long p = produced.getAcquire();
    while (c < p) {
      int slot = (int) c & RING_MASK;
      if (samplePositions[slot] > committedPosition) {
        break;
      }
      commitLatency.record(nowNanos - sampleNanos[slot], TimeUnit.NANOSECONDS);
      c++;
    }
    consumed.setRelease(c);
  }
}
