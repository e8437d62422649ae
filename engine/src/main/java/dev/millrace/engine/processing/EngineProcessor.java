package dev.millrace.engine.processing;

import dev.millrace.engine.bpmn.model.BpmnTransformer;
import dev.millrace.engine.clock.EngineClock;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.processing.ProcessingContext.InternalCommand;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.processing.bpmn.InstanceResults;
import dev.millrace.engine.record.DeploymentIntent;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.Intent;
import dev.millrace.engine.record.JobBatchIntent;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.MessageIntent;
import dev.millrace.engine.record.ProcessInstanceCreationIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.SignalIntent;
import dev.millrace.engine.record.TimerIntent;
import dev.millrace.engine.record.VariableDocumentIntent;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.record.value.RecordValue;
import dev.millrace.engine.record.value.TimerRecord;
import dev.millrace.engine.state.EngineState;
import dev.millrace.engine.state.EventApplier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The engine's state machine: commands in, records out, state changed only by applying events. No
 * threads, sockets or disks: the stream processor feeds it and makes its output durable, and tests
 * drive it directly.
 */
public final class EngineProcessor {

  /** A batch never grows past this; left-over follow-up commands continue in the next batch. */
  static final int MAX_RECORDS_PER_BATCH = 20_000;

  /** A command from outside (a gateway call) or from the engine's own schedule. */
  public record Command(
      long key,
      Intent intent,
      RecordValue value,
      CommandResponder responder,
      long requestTimeoutMillis) {

    public static Command of(
        long key, Intent intent, RecordValue value, CommandResponder responder) {
      return new Command(key, intent, value, responder, -1);
    }
  }

  private final EngineClock clock;
  private final EngineState state;
  private final EventApplier applier;
  private final ProcessingContext ctx;
  private final BpmnProcessing bpmn;
  private final InstanceResults results;
  private final JobActivation jobActivation;
  private final JobActivation.Pollers pollers;
  private final Map<Intent, CommandProcessor> processors = new HashMap<>();
  private final CommandFaults faults;

  /** Follow-up commands written to the log but not processed yet (a batch hit its cap). */
  private final Deque<InternalCommand> pending = new ArrayDeque<>();

  /** During replay: logged follow-up commands no event has pointed back to yet, by position. */
  private final Map<Long, Record> replayPending = new LinkedHashMap<>();

  public EngineProcessor(EngineClock clock, JobStreams streams, LongConsumer yieldJob) {
    this(clock, streams, yieldJob, new InstanceResults(), new JobActivation.Pollers());
  }

  /**
   * With the callers already waiting (instance results, job polls), so that rebuilding the state
   * after a refused batch does not leave them unanswered.
   */
  public EngineProcessor(
      EngineClock clock,
      JobStreams streams,
      LongConsumer yieldJob,
      InstanceResults results,
      JobActivation.Pollers pollers) {
    this.clock = clock;
    this.results = results;
    var expressions = new ExpressionLanguage(clock);
    var transformer = new BpmnTransformer(expressions);
    this.state = new EngineState(transformer);
    this.applier = new EventApplier(state);
    this.ctx = new ProcessingContext(state, applier);
    this.bpmn = new BpmnProcessing(ctx, expressions, results);
    this.jobActivation = new JobActivation(streams, bpmn.jobs(), yieldJob, pollers);
    this.pollers = pollers;

    this.faults = new CommandFaults(bpmn);
    var startEvents = new StartEventSubscriptions(expressions);
    var instances = new ProcessInstanceProcessors(bpmn, results);
    var jobs = new JobProcessors(bpmn);
    var messages = new MessageProcessors(bpmn);
    processors.put(DeploymentIntent.CREATE, new DeploymentProcessor(transformer, startEvents));
    processors.put(ProcessInstanceCreationIntent.CREATE, instances.create());
    processors.put(ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT, instances.create());
    processors.put(ProcessInstanceIntent.CANCEL, instances.cancel());
    processors.put(JobIntent.COMPLETE, jobs.complete());
    processors.put(JobIntent.FAIL, jobs.fail());
    processors.put(JobIntent.THROW_ERROR, jobs.throwError());
    processors.put(JobIntent.UPDATE_RETRIES, jobs.updateRetries());
    processors.put(JobIntent.UPDATE_TIMEOUT, jobs.updateTimeout());
    processors.put(JobIntent.TIME_OUT, jobs.timeOut());
    processors.put(JobIntent.YIELD, jobs.yieldJob());
    processors.put(JobIntent.RECUR_AFTER_BACKOFF, jobs.recurAfterBackoff());
    processors.put(MessageIntent.PUBLISH, messages.publish());
    processors.put(MessageIntent.EXPIRE, messages.expire());
    processors.put(SignalIntent.BROADCAST, new SignalProcessor(bpmn));
    processors.put(VariableDocumentIntent.UPDATE, new VariableDocumentProcessor(bpmn));
    processors.put(IncidentIntent.RESOLVE, new IncidentResolveProcessor(bpmn));
    processors.put(TimerIntent.TRIGGER, new TimerTriggerProcessor(bpmn));
  }

  public EngineState state() {
    return state;
  }

  public InstanceResults results() {
    return results;
  }

  public JobActivation jobActivation() {
    return jobActivation;
  }

  public JobActivation.Pollers pollers() {
    return pollers;
  }

  /**
   * Processes one command into a batch starting at {@code firstPosition}. The returned context
   * holds the records to make durable and the side effects to run after that; it is reused by the
   * next call.
   */
  public ProcessingContext process(Command command, long firstPosition) {
    ctx.begin(firstPosition, clock.millis());
    var record =
        ctx.writeCommand(command.key(), command.intent(), command.value(), command.responder());
    if (command.intent() == JobBatchIntent.ACTIVATE) {
      jobActivation.activate(record, ctx, command.requestTimeoutMillis());
    } else {
      var processor = processors.get(command.intent());
      if (processor == null) {
        throw new IllegalArgumentException("no processor for " + command.intent());
      }
      processor.process(record, ctx);
    }
    drainInternalCommands();
    if (!ctx.hasResponded()
        && command.responder() != null
        && command.responder() != CommandResponder.NONE) {
      // Every external command gets an answer; a processor that forgot one is a bug, but the
      // caller must not hang on it.
      ctx.reject(
          dev.millrace.engine.record.RejectionType.PROCESSING_ERROR,
          "Expected the command to be answered, but processing produced no answer",
          command.key(),
          command.intent(),
          command.value());
    }
    return ctx;
  }

  /**
   * A scheduled command could not be made durable (see {@link CommandFaults}): logs it with its way
   * out of the schedule and an incident for its element. Call on a state rebuilt from the log.
   */
  public ProcessingContext processFault(
      Command command, String reason, boolean tooLarge, long firstPosition) {
    ctx.begin(firstPosition, clock.millis());
    ctx.writeCommand(command.key(), command.intent(), command.value(), CommandResponder.NONE);
    faults.scheduled(command, ctx, reason, tooLarge);
    return ctx;
  }

  /**
   * The first waiting follow-up command could not be made durable: it is dropped, with an incident
   * on its element. Call on a state rebuilt from the log.
   */
  public ProcessingContext dropFirstPending(String reason, boolean tooLarge, long firstPosition) {
    ctx.begin(firstPosition, clock.millis());
    var command = pending.pollFirst();
    if (command != null) {
      ctx.processingInternal(command);
      faults.pending(command, ctx, reason, tooLarge);
    }
    return ctx;
  }

  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Continues follow-up commands left over by a capped batch. */
  public ProcessingContext processPending(long firstPosition) {
    ctx.begin(firstPosition, clock.millis());
    while (!pending.isEmpty() && ctx.records().size() < MAX_RECORDS_PER_BATCH) {
      ctx.internalCommands().addLast(pending.pollFirst());
      drainInternalCommands();
    }
    return ctx;
  }

  private void drainInternalCommands() {
    var queue = ctx.internalCommands();
    while (!queue.isEmpty()) {
      if (ctx.records().size() >= MAX_RECORDS_PER_BATCH) {
        // Log what is left so it survives a crash, and continue in the next batch.
        while (!queue.isEmpty()) {
          var left = queue.pollFirst();
          var logged = ctx.writeInternalCommand(left);
          pending.addLast(
              new InternalCommand(left.key(), left.intent(), left.value(), logged.position()));
        }
        break;
      }
      var command = queue.pollFirst();
      ctx.processingInternal(command);
      bpmn.process(command);
    }
    jobActivation.dispatch(ctx);
  }

  // ------------------------------------------------------------------ schedule

  /** Commands due at {@code now}: timers, job deadlines and back-offs, message expiry. */
  public List<Command> dueCommands(long now, int max) {
    List<Command> due = new ArrayList<>();
    for (var timer : state.timers().byDueDate()) {
      if (timer.time() > now || due.size() >= max) {
        break;
      }
      due.add(Command.of(timer.key(), TimerIntent.TRIGGER, TimerRecord.empty(), null));
    }
    for (var deadline : state.jobs().deadlines()) {
      if (deadline.time() > now || due.size() >= max) {
        break;
      }
      due.add(Command.of(deadline.key(), JobIntent.TIME_OUT, JobRecord.empty(), null));
    }
    for (var backoff : state.jobs().backoffs()) {
      if (backoff.time() > now || due.size() >= max) {
        break;
      }
      due.add(Command.of(backoff.key(), JobIntent.RECUR_AFTER_BACKOFF, JobRecord.empty(), null));
    }
    for (var expiry : state.messages().deadlines()) {
      if (expiry.time() > now || due.size() >= max) {
        break;
      }
      due.add(Command.of(expiry.key(), MessageIntent.EXPIRE, MessageRecord.empty(), null));
    }
    return due;
  }

  /** When something next falls due (epoch millis), or Long.MAX_VALUE. */
  public long nextDueTime() {
    long next = Long.MAX_VALUE;
    var timer = state.timers().first();
    if (timer != null) {
      next = Math.min(next, timer.time());
    }
    var deadline = state.jobs().firstDeadline();
    if (deadline != null) {
      next = Math.min(next, deadline.time());
    }
    var backoff = state.jobs().firstBackoff();
    if (backoff != null) {
      next = Math.min(next, backoff.time());
    }
    var expiry = state.messages().firstDeadline();
    if (expiry != null) {
      next = Math.min(next, expiry.time());
    }
    return next;
  }

  // ------------------------------------------------------------------ recovery

  /** Applies a record read back from the log (recovery): events change state, nothing else. */
  public void replay(Record record) {
    applier.apply(record);
    if (record.isCommand() && isInternal(record.intent())) {
      replayPending.put(record.position(), record);
    } else if (record.sourcePosition() >= 0) {
      replayPending.remove(record.sourcePosition());
    }
  }

  /** After replay: follow-up commands that were logged but never processed continue. */
  public void finishReplay() {
    for (var record : replayPending.values()) {
      pending.addLast(
          new InternalCommand(record.key(), record.intent(), record.value(), record.position()));
    }
    replayPending.clear();
  }

  public List<InternalCommand> pendingCommands() {
    return List.copyOf(pending);
  }

  public void restorePending(List<InternalCommand> commands) {
    pending.clear();
    pending.addAll(commands);
  }

  private static boolean isInternal(Intent intent) {
    return intent == ProcessInstanceIntent.ACTIVATE_ELEMENT
        || intent == ProcessInstanceIntent.COMPLETE_ELEMENT
        || intent == ProcessInstanceIntent.TERMINATE_ELEMENT;
  }
}
