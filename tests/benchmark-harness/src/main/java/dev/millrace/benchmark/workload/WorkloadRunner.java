package dev.millrace.benchmark.workload;

import dev.millrace.benchmark.workload.InstanceTracker.Phase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives one {@link EngineUnderTest} through a {@link Workload} and measures it. The same code
 * drives every engine, so the only difference between sides is the engine and its client.
 */
public final class WorkloadRunner {

  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final EngineUnderTest engine;
  private final Workload workload;
  private final PrintStream progress;
  private final InstanceTracker tracker;
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile Phase phase = Phase.WARMUP;
  private volatile boolean creating;

  public WorkloadRunner(EngineUnderTest engine, Workload workload, PrintStream progress) {
    this.engine = engine;
    this.workload = workload;
    this.progress = progress;
    this.tracker = new InstanceTracker(workload.window());
  }

  public Result run() throws Exception {
    String loadBefore = loadAverage();
    if (!workload.latencyLog().isEmpty()) {
      tracker.keepLatencyLog();
    }
    engine.start(tracker);
    progress.printf("%s: %s%n", engine.name(), engine.describe());

    // Closed loop: as fast as the engine completes, with at most `window` instances in flight.
    creating = true;
    var creators = startCreators("closed", this::closedLoop);
    await("warm-up", System.nanoTime() + workload.warmup().toNanos());
    long completedBefore = tracker.completed();
    long saturationStart = System.nanoTime();
    phase = Phase.SATURATION;
    engine.diagnostics();
    await("saturation", saturationStart + workload.saturation().toNanos());
    long completedAfter = tracker.completed();
    long saturationEnd = System.nanoTime();
    diagnostics("saturation");
    creating = false;
    join(creators);
    double completedPerSecond =
        (completedAfter - completedBefore) * 1e9 / (saturationEnd - saturationStart);
    drain();

    // Open loop: one creation due every 1/rate seconds, whether or not the engine keeps up.
    long interval = TimeUnit.SECONDS.toNanos(1) / workload.ratePerSecond();
    long rateStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long measureStart = rateStart + workload.rateSettle().toNanos();
    long rateEnd = measureStart + workload.rateMeasure().toNanos();
    var due = new AtomicLong();
    creating = true;
    creators =
        startCreators("open", () -> openLoop(due, rateStart, interval, measureStart, rateEnd));
    await("settle at " + workload.ratePerSecond() + "/s", measureStart);
    long rateCompletedBefore = tracker.completed();
    engine.diagnostics();
    await("at " + workload.ratePerSecond() + "/s", rateEnd);
    long rateCompletedAfter = tracker.completed();
    diagnostics("at " + workload.ratePerSecond() + "/s");
    double rateCompletedPerSecond =
        (rateCompletedAfter - rateCompletedBefore) * 1e9 / (rateEnd - measureStart);
    creating = false;
    join(creators);
    long lost = drain();

    writeLatencyLog();
    Histogram saturation = tracker.createToComplete(Phase.SATURATION);
    Histogram atRate = tracker.createToComplete(Phase.RATE);
    Histogram push = tracker.jobPush(Phase.RATE);
    Histogram ack = tracker.createAck(Phase.RATE);
    Histogram jobToWorker = tracker.jobToWorker(Phase.RATE);
    return new Result(
        engine.name(),
        engine.describe(),
        completedPerSecond,
        millis(saturation, 50),
        millis(saturation, 99),
        workload.ratePerSecond(),
        rateCompletedPerSecond,
        millis(atRate, 50),
        millis(atRate, 99),
        millis(push, 50),
        millis(push, 99),
        push.getMaxValue() / 1000.0,
        millis(ack, 99),
        millis(jobToWorker, 50),
        millis(jobToWorker, 99),
        tracker.created(),
        tracker.failed(),
        tracker.duplicates(),
        lost,
        tracker.firstFailure(),
        loadBefore,
        loadAverage());
  }

  private void diagnostics(String phase) {
    String diagnostics = engine.diagnostics();
    if (!diagnostics.isEmpty()) {
      progress.printf("%s %s: %s%n", engine.name(), phase, diagnostics);
    }
  }

  private void closedLoop() {
    try {
      while (creating) {
        if (!tracker.acquireWindow(100)) {
          continue;
        }
        if (!creating) {
          tracker.releaseWindow();
          return;
        }
        create(phase, System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void openLoop(AtomicLong due, long start, long interval, long measureStart, long end) {
    while (creating) {
      long dueNanos = start + due.getAndIncrement() * interval;
      if (dueNanos >= end) {
        return;
      }
      if (tracker.inFlight() > InstanceTracker.RING / 2) {
        throw new IllegalStateException(
            engine.name() + " fell too far behind the rate: " + tracker.inFlight() + " in flight");
      }
      long wait;
      while ((wait = dueNanos - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      create(dueNanos < measureStart ? Phase.SETTLE : Phase.RATE, dueNanos);
    }
  }

  private void create(Phase phase, long dueNanos) {
    int seq = sequence.getAndIncrement();
    tracker.begin(seq, phase, dueNanos);
    try {
      engine.createInstance(seq);
    } catch (Exception e) {
      tracker.failed(seq, e);
    }
  }

  private List<Thread> startCreators(String loop, Runnable body) {
    var threads = new ArrayList<Thread>();
    for (int i = 0; i < engine.creatorThreads(); i++) {
      threads.add(Thread.ofPlatform().name("creator-" + loop + "-" + i).start(body));
    }
    return threads;
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (var thread : threads) {
      thread.join();
    }
  }

  /** Sleeps until {@code deadline} (nanoTime), printing progress on the way. */
  private void await(String what, long deadline) throws InterruptedException {
    long lastCompleted = tracker.completed();
    long lastTime = System.nanoTime();
    long now;
    while ((now = System.nanoTime()) < deadline) {
      long next = Math.min(deadline, lastTime + PROGRESS_EVERY_NANOS);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, next - now));
      if (System.nanoTime() - lastTime >= PROGRESS_EVERY_NANOS) {
        long completed = tracker.completed();
        long time = System.nanoTime();
        progress.printf(
            Locale.ROOT,
            "%s %-22s %8.0f completed/s  %6d in flight  %d failed%n",
            engine.name(),
            what,
            (completed - lastCompleted) * 1e9 / (time - lastTime),
            tracker.inFlight(),
            tracker.failed());
        lastCompleted = completed;
        lastTime = time;
      }
    }
  }

  /** Waits for instances in flight to finish; returns how many did not within the timeout. */
  private long drain() throws InterruptedException {
    long deadline = System.nanoTime() + workload.drainTimeout().toNanos();
    while (tracker.inFlight() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    if (tracker.inFlight() > 0) {
      progress.printf(
          "%s: %d instances still in flight after %d s%n",
          engine.name(), tracker.inFlight(), workload.drainTimeout().toSeconds());
    }
    return tracker.inFlight();
  }

  /** One line per instance: when its creation was due (epoch ms) and its latencies in ms. */
  private void writeLatencyLog() throws IOException {
    if (workload.latencyLog().isEmpty()) {
      return;
    }
    long epochMillis = System.currentTimeMillis();
    long nanos = System.nanoTime();
    var lines = new ArrayList<String>();
    lines.add("due_epoch_ms,ack_ms,push_ms,complete_ms");
    for (long[] entry : tracker.latencyLog()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%.3f,%.3f,%.3f,%.3f",
              epochMillis - (nanos - entry[0]) / 1e6,
              entry[1] / 1000.0,
              entry[2] / 1000.0,
              entry[3] / 1000.0));
    }
    Files.write(Path.of(workload.latencyLog()), lines);
    progress.printf("%s: latencies written to %s%n", engine.name(), workload.latencyLog());
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** The 1-minute load average, so readers see what else ran on the machine. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
