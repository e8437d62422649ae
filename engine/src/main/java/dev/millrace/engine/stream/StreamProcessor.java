package dev.millrace.engine.stream;

import dev.millrace.engine.clock.EngineClock;
import dev.millrace.engine.log.LogConfig;
import dev.millrace.engine.log.LogFullException;
import dev.millrace.engine.log.SegmentedLog;
import dev.millrace.engine.log.SnapshotStore;
import dev.millrace.engine.metrics.EngineMetrics;
import dev.millrace.engine.processing.CommandResponder;
import dev.millrace.engine.processing.EngineProcessor;
import dev.millrace.engine.processing.EngineProcessor.Command;
import dev.millrace.engine.processing.JobStreams;
import dev.millrace.engine.processing.ProcessingContext;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.RecordCodec;
import dev.millrace.engine.record.RejectionType;
import dev.millrace.engine.record.value.JobRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one processing thread and its durability: takes commands from the inbox, runs the
 * state machine, appends each batch to the log, and lets the batch's answers out only once the log
 * says it is durable. Recovers from snapshot + log on start; snapshots periodically so restart time
 * stays flat as history grows.
 */
public final class StreamProcessor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);
  private static final int MAX_DUE_PER_ROUND = 256;
  private static final int MAX_COMMANDS_PER_ROUND = 512;

  /** How the stream processor is set up. */
  public record Settings(
      Path dataDirectory,
      EngineClock clock,
      MeterRegistry meterRegistry,
      int inboxCapacity,
      long snapshotEveryRecords,
      long snapshotEveryMillis,
      LogConfig logConfig) {}

  private sealed interface Task {}

  private record CommandTask(Command command, long enqueuedNanos) implements Task {}

  private record ControlTask(Runnable action) implements Task {}

  private record Wake() implements Task {}

  private final Settings settings;
  private final JobStreams streams;
  private final BlockingQueue<Task> inbox;
  private final SideEffectRunner sideEffects = new SideEffectRunner("millrace-responder");
  private final ExecutorService snapshotWriter =
      Executors.newSingleThreadExecutor(r -> daemon(r, "millrace-snapshot"));
  private final BinaryWriter encoder = new BinaryWriter(64 * 1024);
  private EngineMetrics metrics;
  private SegmentedLog log;
  private SnapshotStore snapshots;
  private EngineProcessor engine;
  private Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;
  private long nextPosition = 1;
  private long recordsSinceSnapshot;
  private long lastSnapshotMillis;
  private LongSupplier compactionFloor = () -> Long.MAX_VALUE;

  public StreamProcessor(Settings settings, JobStreams streams) {
    this.settings = settings;
    this.streams = streams;
    this.inbox = new ArrayBlockingQueue<>(settings.inboxCapacity());
  }

  private static Thread daemon(Runnable r, String name) {
    var t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Opens the log, restores snapshot + log, and starts processing. */
  public void start() throws IOException {
    snapshots = SnapshotStore.open(settings.dataDirectory().resolve("snapshots"));
    log = SegmentedLog.open(settings.dataDirectory().resolve("log"), settings.logConfig());
    log.addFailureListener(this::fail);
    metrics =
        new EngineMetrics(
            settings.meterRegistry(),
            inbox::size,
            () -> Math.max(0, log.lastAppendedPosition() - log.committedPosition()));
    recover();
    sideEffects.start(log.committedPosition());
    log.addCommitListener(sideEffects::committed);
    settings.clock().onJump(() -> inbox.offer(new Wake()));
    running = true;
    lastSnapshotMillis = System.currentTimeMillis();
    // A generous stack: FEEL and the BPMN behaviours recurse with nesting and scope depth.
    thread = new Thread(null, this::loop, "millrace-processor", 64L * 1024 * 1024);
    thread.start();
  }

  public SegmentedLog log() {
    return log;
  }

  /** Log positions at or below this are still needed by someone (exporters). */
  public void compactionFloor(LongSupplier floor) {
    this.compactionFloor = floor;
  }

  private void recover() throws IOException {
    long started = System.nanoTime();
    // A rebuild keeps the callers already waiting (instance results, job polls).
    engine =
        engine == null
            ? new EngineProcessor(settings.clock(), streams, this::yieldJob)
            : new EngineProcessor(
                settings.clock(), streams, this::yieldJob, engine.results(), engine.pollers());
    long position = 0;
    var snapshot = snapshots.latest();
    if (snapshot.isPresent()) {
      position = snapshot.get().position();
      StateSnapshots.restore(snapshot.get().state(), engine);
    }
    long replayed = 0;
    long last = position;
    try (var reader = log.newReader(position + 1)) {
      while (reader.hasNext()) {
        var entry = reader.next();
        for (var record : RecordCodec.readBatch(entry.payload())) {
          if (record.position() > position) {
            engine.replay(record);
            replayed++;
          }
        }
        last = entry.lastPosition();
      }
    }
    engine.finishReplay();
    nextPosition = Math.max(last, log.lastAppendedPosition()) + 1;
    // What had to be replayed counts towards the next snapshot, so frequent restarts cannot keep
    // the engine from ever snapshotting (and replay from growing without bound).
    recordsSinceSnapshot = replayed;
    LOG.info(
        "Recovered engine state: snapshot at position {}, {} records replayed up to position {} in {} ms",
        position,
        replayed,
        nextPosition - 1,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /**
   * Queues a command. Returns false under back-pressure (inbox full) or when the engine has
   * stopped; the caller answers RESOURCE_EXHAUSTED / UNAVAILABLE.
   */
  public boolean submit(Command command) {
    if (!running || failure != null) {
      return false;
    }
    boolean accepted = inbox.offer(new CommandTask(command, System.nanoTime()));
    if (!accepted) {
      metrics.backPressure();
    }
    return accepted;
  }

  /** Runs {@code action} on the processing thread (to touch transient processing state). */
  public void execute(Runnable action) {
    if (running && !inbox.offer(new ControlTask(action))) {
      LOG.warn("Inbox full: dropped a control task");
    }
  }

  /** The state machine; only touch it from tasks given to {@link #execute}. */
  public EngineProcessor engine() {
    return engine;
  }

  public boolean isHealthy() {
    return running && failure == null;
  }

  public Throwable failure() {
    return failure;
  }

  private void yieldJob(long jobKey) {
    if (!submit(Command.of(jobKey, JobIntent.YIELD, JobRecord.empty(), CommandResponder.NONE))) {
      LOG.warn("Could not yield job {}; it becomes available again when it times out", jobKey);
    }
  }

  private void fail(Throwable cause) {
    if (failure == null) {
      failure = cause;
      LOG.error("The engine stops accepting commands", cause);
    }
  }

  // ------------------------------------------------------------------ the loop

  private void loop() {
    while (running) {
      try {
        round();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        LOG.error("Processing failed unexpectedly; the engine stops accepting commands", e);
        fail(e);
        return;
      }
    }
  }

  private void round() throws InterruptedException {
    long now = settings.clock().millis();
    for (var due : engine.dueCommands(now, MAX_DUE_PER_ROUND)) {
      execute(due, Origin.SCHEDULED);
    }
    if (engine.hasPending()) {
      execute(null, Origin.PENDING);
    }
    long nextPoll = engine.jobActivation().expirePollers(now);
    long nextDue = Math.min(engine.nextDueTime(), nextPoll);
    long waitMillis = engine.hasPending() ? 0 : Math.max(0, Math.min(1_000, nextDue - now));
    Task task = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
    int handled = 0;
    while (task != null) {
      handle(task);
      if (++handled >= MAX_COMMANDS_PER_ROUND) {
        break;
      }
      task = inbox.poll();
    }
    maybeSnapshot();
  }

  private void handle(Task task) {
    switch (task) {
      case CommandTask c -> {
        metrics.queueWait(System.nanoTime() - c.enqueuedNanos());
        execute(c.command(), Origin.EXTERNAL);
      }
      case ControlTask c -> c.action().run();
      case Wake w -> {}
    }
  }

  /** Where a batch's command came from: it decides what happens when the batch cannot be made. */
  private enum Origin {
    /** A caller waits: refuse its command. */
    EXTERNAL,
    /** The engine's own schedule: take the trigger out of it, with an incident. */
    SCHEDULED,
    /** Follow-ups of a capped batch: drop the first, with an incident. */
    PENDING
  }

  /** A batch that could not be made: why, and whether it was only too large. */
  private record Refusal(String reason, boolean tooLarge) {}

  private void execute(Command command, Origin origin) {
    long started = System.nanoTime();
    Refusal refusal;
    try {
      var ctx =
          origin == Origin.PENDING
              ? engine.processPending(nextPosition)
              : engine.process(command, nextPosition);
      refusal = write(ctx, started);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug (or a pathological value) met this command. Its half-applied effects exist only in
      // memory: they are discarded by rebuilding the state from the log, so the engine goes on.
      LOG.error(
          "Failed to process {}; the state is rebuilt from the log", describe(command, origin), e);
      refusal = new Refusal("processing failed: " + e, false);
    }
    if (refusal != null) {
      recoverAfterRefusal(command, origin, refusal);
    }
  }

  private static String describe(Command command, Origin origin) {
    return command == null
        ? "waiting follow-up commands"
        : origin.name().toLowerCase() + " command " + command.intent();
  }

  /**
   * Makes the batch durable and queues its side effects for after the commit. Returns null, or why
   * it could not be written (the state then holds effects the log does not).
   */
  private Refusal write(ProcessingContext ctx, long started) {
    var records = ctx.records();
    if (records.isEmpty()
        || (records.size() == 1 && records.getFirst().isCommand() && ctx.sideEffects().isEmpty())) {
      return null; // nothing happened (a poll now waiting for jobs): nothing to make durable
    }
    long first = records.getFirst().position();
    long last = records.getLast().position();
    encoder.reset();
    RecordCodec.writeBatch(records, encoder);
    int maxBytes = settings.logConfig().maxEntryBytes();
    if (encoder.length() > maxBytes) {
      return new Refusal(
          "its records would take "
              + encoder.length()
              + " bytes, more than the "
              + maxBytes
              + " one batch may hold (large variables copied many times?)",
          true);
    }
    try {
      log.append(first, last, java.nio.ByteBuffer.wrap(encoder.buffer(), 0, encoder.length()));
    } catch (LogFullException e) {
      LOG.warn("Command refused: {}", e.getMessage());
      return new Refusal(e.getMessage(), false);
    } catch (IOException e) {
      fail(e);
      return new Refusal("the engine's log failed: " + e.getMessage(), false);
    }
    nextPosition = last + 1;
    recordsSinceSnapshot += records.size();
    metrics.batch(records, System.nanoTime() - started);
    if (!ctx.sideEffects().isEmpty()) {
      sideEffects.add(last, List.copyOf(ctx.sideEffects()));
    }
    return null;
  }

  /**
   * Rebuilds memory from the log (the refused batch never reached it), then answers the caller or
   * takes the scheduled trigger out of the schedule so it cannot fail over and over.
   */
  private void recoverAfterRefusal(Command command, Origin origin, Refusal refusal) {
    try {
      log.awaitCommit(log.lastAppendedPosition()).get(30, TimeUnit.SECONDS);
      recover();
    } catch (Exception e) {
      fail(e);
      return;
    }
    if (origin == Origin.EXTERNAL) {
      RejectionType type =
          refusal.tooLarge()
              ? RejectionType.EXCEEDED_BATCH_RECORD_SIZE
              : failure != null || refusal.reason().contains("full")
                  ? RejectionType.RESOURCE_EXHAUSTED
                  : RejectionType.PROCESSING_ERROR;
      command
          .responder()
          .rejected(type, "Expected to process the command, but " + refusal.reason());
      return;
    }
    if (failure != null) {
      return;
    }
    var ctx =
        origin == Origin.SCHEDULED
            ? engine.processFault(command, refusal.reason(), refusal.tooLarge(), nextPosition)
            : engine.dropFirstPending(refusal.reason(), refusal.tooLarge(), nextPosition);
    var again = write(ctx, System.nanoTime());
    if (again != null) {
      fail(
          new IllegalStateException(
              "cannot record the failure of " + describe(command, origin) + ": " + again.reason()));
    }
  }

  private void maybeSnapshot() {
    boolean due =
        recordsSinceSnapshot >= settings.snapshotEveryRecords()
            || (recordsSinceSnapshot > 0
                && System.currentTimeMillis() - lastSnapshotMillis
                    >= settings.snapshotEveryMillis());
    if (!due) {
      return;
    }
    takeSnapshot();
  }

  /** Serialises state now (on the processing thread) and writes it once the log caught up. */
  private void takeSnapshot() {
    long position = nextPosition - 1;
    byte[] bytes = StateSnapshots.capture(engine);
    recordsSinceSnapshot = 0;
    lastSnapshotMillis = System.currentTimeMillis();
    snapshotWriter.execute(
        () -> {
          try {
            log.awaitCommit(position).get();
            snapshots.write(position, bytes);
            // Keep the log from the OLDEST retained snapshot on: if the newest turns out damaged,
            // recovery falls back to the older one and must still find its tail in the log.
            long oldestSnapshot =
                snapshots.positions().stream().mapToLong(Long::longValue).min().orElse(0);
            long floor = Math.min(oldestSnapshot, compactionFloor.getAsLong());
            int deleted = log.deleteUntil(floor + 1);
            LOG.debug(
                "Snapshot at position {} ({} bytes); {} log segments deleted",
                position,
                bytes.length,
                deleted);
          } catch (Exception e) {
            LOG.warn("Snapshot at position {} failed; the next one will retry", position, e);
          }
        });
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    inbox.offer(new Wake());
    try {
      if (thread != null) {
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure == null && recordsSinceSnapshot > 0) {
      takeSnapshot();
    }
    snapshotWriter.shutdown();
    try {
      snapshotWriter.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sideEffects.close();
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
