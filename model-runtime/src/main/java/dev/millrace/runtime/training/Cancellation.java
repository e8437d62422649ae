package dev.millrace.runtime.training;

import java.util.concurrent.atomic.AtomicBoolean;

/** Asks a running training to stop at the next batch boundary, keeping its last checkpoint. */
public final class Cancellation {

  private final AtomicBoolean requested = new AtomicBoolean();

  public void cancel() {
    requested.set(true);
  }

  public boolean isCancelled() {
    return requested.get();
  }
}
