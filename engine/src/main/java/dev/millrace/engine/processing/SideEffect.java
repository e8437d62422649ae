package dev.millrace.engine.processing;

/**
 * Something to do once a batch is durable: answer a request, push a job to a stream, notify the
 * caller of a finished instance. Runs off the processing thread, in batch order.
 */
@FunctionalInterface
public interface SideEffect {
  void run();
}
