package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Measures the log on this machine's disk: raw fsync latency, then group commit against
 * fsync-per-entry, side by side. Not a test; run it with {@code ./mvnw -B -q -pl engine
 * -Plog-benchmark test-compile exec:exec} (see engine/README.md).
 *
 * <p>Commit latency is per entry: from just before {@code append} until the commit listener reports
 * a position covering it.
 */
public final class LogBenchmark {

  private static final int PAYLOAD_BYTES = 256;

  private LogBenchmark() {}

  /** One scenario's outcome. */
  private record Result(
      String name, long entries, double seconds, long[] latencyNanos, long fsyncs) {
    double appendsPerSecond() {
      return entries / seconds;
    }

    double percentileMicros(double p) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      int index =
          (int) Math.min(latencyNanos.length - 1, Math.ceil(p / 100 * latencyNanos.length) - 1);
      return latencyNanos[Math.max(0, index)] / 1_000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    Path base = Files.createTempDirectory("millrace-log-benchmark");
    try {
      System.out.printf(
          "Log benchmark in %s, %d-byte payloads, %.0f s per scenario, %d CPUs%n%n",
          base, PAYLOAD_BYTES, seconds, Runtime.getRuntime().availableProcessors());
      rawFsync(base.resolve("raw"));
      Result[] results = {
        run(
            base.resolve("group"),
            "group commit, writer flat out",
            LogConfig.CommitMode.GROUP,
            0,
            seconds),
        run(
            base.resolve("group-paced"),
            "group commit, 20,000 entries/s",
            LogConfig.CommitMode.GROUP,
            20_000,
            seconds),
        run(
            base.resolve("group-paced-2k"),
            "group commit, 2,000 entries/s",
            LogConfig.CommitMode.GROUP,
            2_000,
            seconds),
        run(
            base.resolve("every"),
            "fsync per entry, writer flat out",
            LogConfig.CommitMode.EVERY_ENTRY,
            0,
            seconds),
      };
      System.out.printf(
          "%n%-34s %14s %14s %14s %12s %16s%n",
          "scenario", "appends/s", "commit p50", "commit p99", "fsyncs", "entries/fsync");
      for (Result r : results) {
        System.out.printf(
            "%-34s %,14.0f %11.0f µs %11.0f µs %,12d %,16.1f%n",
            r.name,
            r.appendsPerSecond(),
            r.percentileMicros(50),
            r.percentileMicros(99),
            r.fsyncs,
            (double) r.entries / Math.max(1, r.fsyncs));
      }
      System.out.printf(
          "%ngroup commit / fsync per entry, durable entries per second: %.1fx%n",
          results[0].appendsPerSecond() / results[3].appendsPerSecond());
    } finally {
      deleteTree(base);
    }
  }

  /**
   * What one durable append costs without the log: a 256-byte write that grows the file, then
   * fdatasync.
   */
  private static void rawFsync(Path file) throws IOException {
    int rounds = 1000;
    long[] nanos = new long[rounds];
    ByteBuffer bytes = ByteBuffer.allocateDirect(PAYLOAD_BYTES);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < rounds; i++) {
        long started = System.nanoTime();
        channel.write(bytes.clear());
        channel.force(false);
        nanos[i] = System.nanoTime() - started;
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "raw write(256 B) + fdatasync on this disk, %d rounds: p50 %.0f µs, p99 %.0f µs, max %.0f µs%n",
        rounds, nanos[rounds / 2] / 1e3, nanos[rounds * 99 / 100] / 1e3, nanos[rounds - 1] / 1e3);
  }

  private static Result run(
      Path dir, String name, LogConfig.CommitMode mode, int perSecond, double seconds)
      throws Exception {
    int capacity = 4_000_000;
    long[] appendedAt = new long[capacity + 1];
    // Commit notifications as (position, time) pairs; latencies are worked out after the run.
    long[] commitPositions = new long[capacity + 1];
    long[] commitTimes = new long[capacity + 1];
    int[] commits = {0};
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    LogConfig config = LogConfig.builder().commitMode(mode).meterRegistry(registry).build();
    byte[] payload = new byte[PAYLOAD_BYTES];
    long position = 0;
    double elapsed;
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      log.addCommitListener(
          committed -> {
            int i = commits[0];
            if (i < commitPositions.length) {
              commitPositions[i] = committed;
              commitTimes[i] = System.nanoTime();
              commits[0] = i + 1;
            }
          });
      long started = System.nanoTime();
      long deadline = started + (long) (seconds * 1e9);
      long intervalNanos = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
      long now = started;
      while (now < deadline && position < capacity) {
        if (intervalNanos > 0) {
          long due = started + position * intervalNanos;
          while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(Math.min(due - now, 50_000));
          }
        }
        position++;
        payload[0] = (byte) position;
        appendedAt[(int) position] = System.nanoTime();
        log.append(position, position, payload);
        now = System.nanoTime();
      }
      log.awaitCommit(position).get(30, TimeUnit.SECONDS);
      elapsed = (System.nanoTime() - started) / 1e9;
    }
    long[] latencies = new long[(int) position];
    int commit = 0;
    for (int p = 1; p <= position; p++) {
      while (commitPositions[commit] < p) {
        commit++;
      }
      latencies[p - 1] = commitTimes[commit] - appendedAt[p];
    }
    Arrays.sort(latencies);
    long fsyncs = registry.get("millrace.log.fsync.duration").timer().count();
    double fsyncMeanMicros =
        registry.get("millrace.log.fsync.duration").timer().mean(TimeUnit.MICROSECONDS);
    Result result = new Result(name, position, elapsed, latencies, fsyncs);
    System.out.printf(
        "%-34s %,10d entries in %.2f s; fsync mean %.0f µs%n",
        name, position, elapsed, fsyncMeanMicros);
    reportRecovery(dir);
    deleteTree(dir);
    return result;
  }

  /** How long opening takes: it reads and checks every frame of every segment. */
  private static void reportRecovery(Path dir) throws IOException {
    long bytes;
    try (Stream<Path> files = Files.list(dir)) {
      bytes = files.mapToLong(f -> f.toFile().length()).sum();
    }
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.defaults())) {
      RecoveryReport report = log.recoveryReport();
      double seconds = report.duration().toNanos() / 1e9;
      double mib = bytes / 1048576.0;
      System.out.printf(
          "%-34s reopened: %,d entries, %,.0f MiB in %d segments validated in %.2f s (%,.0f MiB/s)%n",
          "", report.entries(), mib, report.segments(), seconds, mib / seconds);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
