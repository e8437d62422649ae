package dev.millrace.engine.processing;

import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.RejectionType;

/**
 * Where the answer to one external command goes (the gateway's gRPC call). Called at most once,
 * only after the records the answer reports are durable.
 */
public interface CommandResponder {

  /** The command was accepted; {@code event} is the event that answers it. */
  void accepted(Record event);

  /** The command was refused. */
  void rejected(RejectionType type, String reason);

  /** Answer with a payload built by the processor (job batches, instance results). */
  default void acceptedWith(Object payload) {
    throw new UnsupportedOperationException("this request takes no payload: " + payload);
  }

  CommandResponder NONE =
      new CommandResponder() {
        @Override
        public void accepted(Record event) {}

        @Override
        public void rejected(RejectionType type, String reason) {}

        @Override
        public void acceptedWith(Object payload) {}
      };
}
