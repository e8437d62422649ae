package dev.millrace.engine.processing;

import dev.millrace.engine.record.Intent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.RecordCodec;
import dev.millrace.engine.record.RecordType;
import dev.millrace.engine.record.RejectionType;
import dev.millrace.engine.record.value.RecordValue;
import dev.millrace.engine.state.EngineState;
import dev.millrace.engine.state.EventApplier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One processing batch: the records an external command causes (its events, the events of the
 * internal follow-up commands, rejections), applied to state as they are written, plus the side
 * effects to run once the batch is durable. Reused across batches by the processing thread.
 */
public final class ProcessingContext {

  /** An internal follow-up command waiting in this batch (element activation and the like). */
  public record InternalCommand(long key, Intent intent, RecordValue value, long sourcePosition) {}

  private final EngineState state;
  private final EventApplier applier;
  private final List<Record> records = new ArrayList<>();
  private final Deque<InternalCommand> internalCommands = new ArrayDeque<>();
  private final List<SideEffect> sideEffects = new ArrayList<>();
  private long nextPosition;
  private long sourcePosition = -1;
  private long timestamp;
  private CommandResponder responder = CommandResponder.NONE;
  private boolean responded;

  public ProcessingContext(EngineState state, EventApplier applier) {
    this.state = state;
    this.applier = applier;
  }

  /** Starts a batch whose first record gets {@code firstPosition}. */
  public void begin(long firstPosition, long timestamp) {
    records.clear();
    sideEffects.clear();
    internalCommands.clear();
    this.nextPosition = firstPosition;
    this.timestamp = timestamp;
    this.sourcePosition = -1;
    this.responder = CommandResponder.NONE;
    this.responded = false;
  }

  public EngineState state() {
    return state;
  }

  public long timestamp() {
    return timestamp;
  }

  public List<Record> records() {
    return records;
  }

  public List<SideEffect> sideEffects() {
    return sideEffects;
  }

  public Deque<InternalCommand> internalCommands() {
    return internalCommands;
  }

  public long nextPosition() {
    return nextPosition;
  }

  /** Writes an external or scheduled command to the batch; events it causes point back to it. */
  public Record writeCommand(
      long key, Intent intent, RecordValue value, CommandResponder responder) {
    var record = record(RecordType.COMMAND, key, intent, value, null, null);
    records.add(record);
    this.sourcePosition = record.position();
    this.responder = responder == null ? CommandResponder.NONE : responder;
    this.responded = false;
    return record;
  }

  /** Logs a follow-up command that this batch leaves for the next one. */
  public Record writeInternalCommand(InternalCommand command) {
    var record =
        record(RecordType.COMMAND, command.key(), command.intent(), command.value(), null, null);
    records.add(record);
    return record;
  }

  /** Marks the internal command now being processed as the source of the next events. */
  public void processingInternal(InternalCommand command) {
    this.sourcePosition = command.sourcePosition();
  }

  public long newKey() {
    return state.keys().nextKey();
  }

  /** Writes an event and applies it to state at once. */
  public Record event(long key, Intent intent, RecordValue value) {
    var record = record(RecordType.EVENT, key, intent, value, null, null);
    records.add(record);
    applier.apply(record);
    return record;
  }

  /** Queues an internal follow-up command, processed later in this same batch. */
  public void command(long key, Intent intent, RecordValue value) {
    internalCommands.addLast(new InternalCommand(key, intent, value, sourcePosition));
  }

  /** Refuses the current external command; the refusal is logged and answered after commit. */
  public void reject(
      RejectionType type, String reason, long key, Intent intent, RecordValue value) {
    records.add(record(RecordType.COMMAND_REJECTION, key, intent, value, type, reason));
    var target = responder;
    responded = true;
    sideEffects.add(() -> target.rejected(type, reason));
  }

  /** Answers the current external command with an event, after commit. */
  public void respond(Record event) {
    var target = responder;
    responded = true;
    sideEffects.add(() -> target.accepted(event));
  }

  /** Answers the current external command with a payload, after commit. */
  public void respondWith(Object payload) {
    var target = responder;
    responded = true;
    sideEffects.add(() -> target.acceptedWith(payload));
  }

  /** The responder of the current external command, for answers that come later (results). */
  public CommandResponder responder() {
    responded = true;
    return responder;
  }

  public boolean hasResponded() {
    return responded;
  }

  public void sideEffect(SideEffect effect) {
    sideEffects.add(effect);
  }

  private Record record(
      RecordType type,
      long key,
      Intent intent,
      RecordValue value,
      RejectionType rejectionType,
      String rejectionReason) {
    return new Record(
        nextPosition++,
        type == RecordType.COMMAND ? -1 : sourcePosition,
        key,
        timestamp,
        type,
        RecordCodec.valueTypeOf(value),
        intent,
        rejectionType,
        rejectionReason,
        value);
  }
}
