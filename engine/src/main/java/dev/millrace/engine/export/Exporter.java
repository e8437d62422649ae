package dev.millrace.engine.export;

import dev.millrace.engine.record.Record;

/**
 * Receives every record the engine writes, in log order, at least once: after a restart it gets the
 * records after the last position it {@linkplain Controller#acknowledge acknowledged}, which may
 * repeat some it already saw. Runs on the exporter thread; keep it quick or buffer.
 */
public interface Exporter {

  /** What an exporter may tell the engine. */
  interface Controller {
    /** Everything up to and including {@code position} is safely handled; it may be compacted. */
    void acknowledge(long position);
  }

  default void open(Controller controller) {}

  void export(Record record);

  /**
   * True when the exporter calls {@link Controller#acknowledge} itself (after it has made the
   * records safe); otherwise each record counts as handled once {@link #export} returns.
   */
  default boolean acknowledgesItself() {
    return false;
  }

  /** Called when the exporter has caught up with the log: a good moment to flush. */
  default void idle() {}

  default void close() {}
}
