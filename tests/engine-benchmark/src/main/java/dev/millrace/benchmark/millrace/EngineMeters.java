package dev.millrace.benchmark.millrace;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine's own meters, read between two moments: how often the log fsynced and how
 * long that took, how many entries each fsync covered, how long commands waited and took to
 * process. This is what says where the time of a measured phase went.
 */
final class EngineMeters {

  private record Reading(
      long nanos,
      long fsyncs,
      double fsyncMillis,
      double fsyncEntries,
      long commands,
      double processingMillis,
      long queued,
      double queueMillis,
      long commits,
      double commitMillis,
      double bytes) {}

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Reading last = read();

  MeterRegistry registry() {
    return registry;
  }

  /** The meters' change since the previous call, as one line. */
  synchronized String sinceLastCall() {
    var now = read();
    var before = last;
    last = now;
    double seconds = (now.nanos - before.nanos) / 1e9;
    long fsyncs = now.fsyncs - before.fsyncs;
    long commands = now.commands - before.commands;
    long queued = now.queued - before.queued;
    long commits = now.commits - before.commits;
    return String.format(
        Locale.ROOT,
        "%.0f fsyncs/s of %.2f ms, %.1f log entries per fsync, commit %.2f ms after append;"
            + " %.0f batches/s, processing %.1f us each, queue wait %.2f ms; log %.1f MB/s",
        fsyncs / seconds,
        ratio(now.fsyncMillis - before.fsyncMillis, fsyncs),
        ratio(now.fsyncEntries - before.fsyncEntries, fsyncs),
        ratio(now.commitMillis - before.commitMillis, commits),
        commands / seconds,
        1000 * ratio(now.processingMillis - before.processingMillis, commands),
        ratio(now.queueMillis - before.queueMillis, queued),
        (now.bytes - before.bytes) / seconds / 1e6);
  }

  private static double ratio(double total, long count) {
    return count == 0 ? Double.NaN : total / count;
  }

  private Reading read() {
    var fsync = registry.find("millrace.log.fsync.duration").timer();
    var fsyncEntries = registry.find("millrace.log.fsync.entries").summary();
    var processing = registry.find("millrace.engine.processing.latency").timer();
    var queue = registry.find("millrace.engine.processing.queue.wait").timer();
    var commit = registry.find("millrace.log.commit.latency").timer();
    var bytes = registry.find("millrace.log.bytes.written").counter();
    return new Reading(
        System.nanoTime(),
        fsync == null ? 0 : fsync.count(),
        fsync == null ? 0 : fsync.totalTime(TimeUnit.MILLISECONDS),
        fsyncEntries == null ? 0 : fsyncEntries.totalAmount(),
        processing == null ? 0 : processing.count(),
        processing == null ? 0 : processing.totalTime(TimeUnit.MILLISECONDS),
        queue == null ? 0 : queue.count(),
        queue == null ? 0 : queue.totalTime(TimeUnit.MILLISECONDS),
        commit == null ? 0 : commit.count(),
        commit == null ? 0 : commit.totalTime(TimeUnit.MILLISECONDS),
        bytes == null ? 0 : bytes.count());
  }
}
