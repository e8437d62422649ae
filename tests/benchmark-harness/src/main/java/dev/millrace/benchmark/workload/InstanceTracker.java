package dev.millrace.benchmark.workload;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Follows every instance from the moment its creation was due to the worker receiving its job and
 * the completion being confirmed, and records both latencies per phase. Thread-safe: creators,
 * client callback threads and worker threads all report here.
 */
public final class InstanceTracker {

  /** Which part of the run an instance was created in; only SATURATION and RATE are reported. */
  public enum Phase {
    WARMUP(true),
    SATURATION(true),
    SETTLE(false),
    RATE(false);

    /** Instances of a closed-loop phase hold a window permit until they finish. */
    final boolean closedLoop;

    Phase(boolean closedLoop) {
      this.closedLoop = closedLoop;
    }
  }

  /** Instances in flight at once are bounded well below this (checked by the runner). */
  static final int RING = 1 << 21;

  private static final int FREE = 0;
  private static final int CREATED = 1;
  private static final int JOB_RECEIVED = 2;
  private static final int DONE = 3;

  private final AtomicLongArray dueNanos = new AtomicLongArray(RING);
  private final AtomicIntegerArray states = new AtomicIntegerArray(RING);
  private final AtomicIntegerArray phases = new AtomicIntegerArray(RING);
  private final Map<Phase, Recorder> createToComplete = new EnumMap<>(Phase.class);
  private final Map<Phase, Recorder> jobPush = new EnumMap<>(Phase.class);
  private final Map<Phase, Recorder> createAck = new EnumMap<>(Phase.class);
  private final Map<Phase, Recorder> jobToWorker = new EnumMap<>(Phase.class);
  private final AtomicLongArray ackMicros = new AtomicLongArray(RING);
  private final AtomicLongArray pushMicros = new AtomicLongArray(RING);
  private final Semaphore window;
  private volatile Queue<long[]> latencyLog;
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  public InstanceTracker(int window) {
    this.window = new Semaphore(window);
    for (var phase : Phase.values()) {
      createToComplete.put(phase, new Recorder(3));
      jobPush.put(phase, new Recorder(3));
      createAck.put(phase, new Recorder(3));
      jobToWorker.put(phase, new Recorder(3));
    }
  }

  /**
   * Starts keeping every RATE-phase instance's latencies ({due nanoTime, ack, push, complete}, in
   * microseconds; -1 where unknown) for {@link #latencyLog()}: to line tails up with GC or fsync
   * logs.
   */
  void keepLatencyLog() {
    latencyLog = new ConcurrentLinkedQueue<>();
  }

  Queue<long[]> latencyLog() {
    return latencyLog;
  }

  /** Waits for room in the closed-loop window; false after the timeout. */
  boolean acquireWindow(long timeoutMillis) throws InterruptedException {
    return window.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  void releaseWindow() {
    window.release();
  }

  /**
   * Registers instance {@code seq} before it is created. {@code dueNanos} is when its creation was
   * due ({@link System#nanoTime()}): the send time in a closed loop, the scheduled time in an open
   * loop, so a late sender does not hide its own delay (coordinated omission).
   */
  void begin(int seq, Phase phase, long dueNanos) {
    int slot = slot(seq);
    if (!states.compareAndSet(slot, FREE, CREATED)) {
      throw new IllegalStateException("more than " + RING + " instances in flight");
    }
    phases.set(slot, phase.ordinal());
    ackMicros.set(slot, -1);
    pushMicros.set(slot, -1);
    this.dueNanos.set(slot, dueNanos);
    created.incrementAndGet();
  }

  /**
   * The engine acknowledged that instance {@code seq} was created (durably). Only measured: the
   * answer may arrive before or after the worker got the job.
   */
  public void createAcknowledged(int seq) {
    long now = System.nanoTime();
    int slot = slot(seq);
    int state = states.get(slot);
    if (state == CREATED || state == JOB_RECEIVED) {
      long ack = micros(now - dueNanos.get(slot));
      createAck.get(phaseOf(slot)).recordValue(ack);
      ackMicros.set(slot, ack);
    }
  }

  /**
   * The worker got the job (external task) of instance {@code seq}, which the engine says it
   * created at {@code jobCreatedEpochMillis} (its own clock, millisecond resolution).
   */
  public void jobReceived(int seq, long jobCreatedEpochMillis) {
    long now = System.nanoTime();
    long nowMillis = System.currentTimeMillis();
    int slot = slot(seq);
    if (states.compareAndSet(slot, CREATED, JOB_RECEIVED)) {
      long push = micros(now - dueNanos.get(slot));
      jobPush.get(phaseOf(slot)).recordValue(push);
      pushMicros.set(slot, push);
      jobToWorker
          .get(phaseOf(slot))
          .recordValue(Math.max(0, nowMillis - jobCreatedEpochMillis) * 1000);
    } else {
      duplicates.incrementAndGet();
    }
  }

  /** The engine confirmed that instance {@code seq}'s job, and so the instance, completed. */
  public void completed(int seq) {
    long now = System.nanoTime();
    int slot = slot(seq);
    int state = states.get(slot);
    if ((state == CREATED || state == JOB_RECEIVED) && states.compareAndSet(slot, state, DONE)) {
      long complete = micros(now - dueNanos.get(slot));
      createToComplete.get(phaseOf(slot)).recordValue(complete);
      if (latencyLog != null && phaseOf(slot) == Phase.RATE) {
        latencyLog.add(
            new long[] {dueNanos.get(slot), ackMicros.get(slot), pushMicros.get(slot), complete});
      }
      completed.incrementAndGet();
      finish(slot);
    } else {
      duplicates.incrementAndGet();
    }
  }

  /** Creating or completing instance {@code seq} failed; it counts as an error, not a result. */
  public void failed(int seq, Throwable cause) {
    int slot = slot(seq);
    int state = states.get(slot);
    if ((state == CREATED || state == JOB_RECEIVED) && states.compareAndSet(slot, state, DONE)) {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, String.valueOf(cause).replaceAll("\\s+", " "));
      finish(slot);
    }
  }

  private void finish(int slot) {
    Phase phase = phaseOf(slot);
    states.set(slot, FREE);
    if (phase.closedLoop) {
      window.release();
    }
  }

  private Phase phaseOf(int slot) {
    return Phase.values()[phases.get(slot)];
  }

  private static int slot(int seq) {
    return seq & (RING - 1);
  }

  private static long micros(long nanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
  }

  public long created() {
    return created.get();
  }

  public long completed() {
    return completed.get();
  }

  public long failed() {
    return failed.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long inFlight() {
    return created.get() - completed.get() - failed.get();
  }

  public String firstFailure() {
    return firstFailure.get();
  }

  /** Create-to-complete latencies (microseconds) of instances created in {@code phase}. */
  Histogram createToComplete(Phase phase) {
    return createToComplete.get(phase).getIntervalHistogram();
  }

  /**
   * Due-to-creation-acknowledged latencies (microseconds) of instances created in {@code phase}.
   */
  Histogram createAck(Phase phase) {
    return createAck.get(phase).getIntervalHistogram();
  }

  /** Job-created-to-received latencies (microseconds, millisecond resolution) in {@code phase}. */
  Histogram jobToWorker(Phase phase) {
    return jobToWorker.get(phase).getIntervalHistogram();
  }

  /** Due-to-job-received latencies (microseconds) of instances created in {@code phase}. */
  Histogram jobPush(Phase phase) {
    return jobPush.get(phase).getIntervalHistogram();
  }
}
