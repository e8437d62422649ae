package dev.millrace.engine.clock;

import java.time.Instant;

/**
 * The engine's only source of time: timers, job deadlines, message TTLs and record timestamps all
 * read it, so tests can move time by swapping in a {@link ControlledClock}.
 */
public interface EngineClock {

  long millis();

  default Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  /**
   * Registers a callback run whenever time jumps (only a controlled clock jumps); the engine uses
   * it to re-check due timers at once instead of waiting for its next scheduled wake-up.
   */
  default void onJump(Runnable listener) {}

  static EngineClock system() {
    return System::currentTimeMillis;
  }
}
