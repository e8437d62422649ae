package dev.millrace.platform.compute.local;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint's traffic as the autoscaler needs it: arrivals counted in one-second buckets (a ring
 * of a minute) for requests per second over a window, requests in flight now, and their average
 * over the window from samples taken at every autoscaler tick.
 */
final class RequestStats {

  private static final int SLOTS = 64;

  private final long[] arrivals = new long[SLOTS];
  private final long[] slotSecond = new long[SLOTS];
  private final double[] inFlightSum = new double[SLOTS];
  private final int[] inFlightSamples = new int[SLOTS];
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastArrivalNanos;

  /** A request arrived and is in flight until {@link #finished()}. */
  synchronized void arrived(long nanos) {
    int slot = slot(nanos);
    arrivals[slot]++;
    lastArrivalNanos = nanos;
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  int inFlightNow() {
    return inFlight.get();
  }

  long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  synchronized void sampleInFlight(long nanos) {
    int slot = slot(nanos);
    inFlightSum[slot] += inFlight.get();
    inFlightSamples[slot]++;
  }

  /** Arrivals per second over the last {@code window} (whole seconds, the current one included). */
  synchronized double requestsPerSecond(long nanos, Duration window) {
    long seconds = Math.max(1, Math.min(SLOTS - 1, window.toSeconds()));
    long now = nanos / 1_000_000_000L;
    long count = 0;
    for (long second = now - seconds + 1; second <= now; second++) {
      int slot = (int) Math.floorMod(second, SLOTS);
      if (slotSecond[slot] == second) {
        count += arrivals[slot];
      }
    }
    // The current second is partly over: count it by the fraction elapsed, but never by less than
    // a tenth (a burst in its first milliseconds would read as a huge rate).
    double elapsed = seconds - 1 + Math.max(0.1, (nanos % 1_000_000_000L) / 1e9);
    return count / elapsed;
  }

  synchronized double averageInFlight(long nanos, Duration window) {
    long seconds = Math.max(1, Math.min(SLOTS - 1, window.toSeconds()));
    long now = nanos / 1_000_000_000L;
    double sum = 0;
    int samples = 0;
    for (long second = now - seconds + 1; second <= now; second++) {
      int slot = (int) Math.floorMod(second, SLOTS);
      if (slotSecond[slot] == second) {
        sum += inFlightSum[slot];
        samples += inFlightSamples[slot];
      }
    }
    return samples == 0 ? inFlight.get() : sum / samples;
  }

  private int slot(long nanos) {
    long second = nanos / 1_000_000_000L;
    int slot = (int) Math.floorMod(second, SLOTS);
    if (slotSecond[slot] != second) {
      slotSecond[slot] = second;
      arrivals[slot] = 0;
      inFlightSum[slot] = 0;
      inFlightSamples[slot] = 0;
    }
    return slot;
  }
}
