package dev.millrace.engine.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests move by hand. It keeps running with the system clock between jumps (offset
 * model, as Zeebe's controlled clock does), so job timeouts and long polls still behave normally.
 */
public final class ControlledClock implements EngineClock {

  private final AtomicLong offsetMillis = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public static ControlledClock startingNow() {
    return new ControlledClock();
  }

  public static ControlledClock startingAt(Instant start) {
    var clock = new ControlledClock();
    clock.set(start);
    return clock;
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis.get();
  }

  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, got " + duration);
    }
    offsetMillis.addAndGet(duration.toMillis());
    listeners.forEach(Runnable::run);
  }

  public void set(Instant instant) {
    offsetMillis.set(instant.toEpochMilli() - System.currentTimeMillis());
    listeners.forEach(Runnable::run);
  }

  @Override
  public void onJump(Runnable listener) {
    listeners.add(listener);
  }
}
