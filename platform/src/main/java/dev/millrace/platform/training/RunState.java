package dev.millrace.platform.training;

import java.util.Locale;

/**
 * Where a run stands. {@code PENDING}: credits reserved, process started, compute not yet asked;
 * {@code STARTING}: compute asked for; {@code RUNNING}: the backend reported it started; {@code
 * FINISHING}: compute ended (see the outcome), the process evaluates, registers and settles. The
 * rest are final, set by the process's last step.
 */
public enum RunState {
  PENDING,
  STARTING,
  RUNNING,
  FINISHING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT,
  REJECTED;

  public boolean isFinal() {
    return ordinal() >= SUCCEEDED.ordinal();
  }

  /** Compute was asked for and has not reported its end. */
  public boolean computeLive() {
    return this == STARTING || this == RUNNING;
  }

  /** From the API's lower-case label; null stays null. */
  public static RunState of(String label) {
    return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
