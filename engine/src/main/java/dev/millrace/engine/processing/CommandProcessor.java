package dev.millrace.engine.processing;

import dev.millrace.engine.record.Record;

/** Handles one kind of command: checks it against state, writes events or a rejection. */
@FunctionalInterface
public interface CommandProcessor {
  void process(Record command, ProcessingContext ctx);
}
