package dev.millrace.engine.processing;

import dev.millrace.engine.processing.JobStreams.ActivatedJob;
import dev.millrace.engine.processing.JobStreams.JobStream;
import dev.millrace.engine.processing.bpmn.JobBehavior;
import dev.millrace.engine.record.JobBatchIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.JobBatchRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.state.JobState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Hands jobs to workers: answers ActivateJobs polls (holding them open while nothing is there, up
 * to their request timeout: long polling) and pushes jobs to streams as they become activatable.
 * Streams are served first, then waiting polls, as in Zeebe.
 */
public final class JobActivation {

  /** Zeebe's gateway default when a poll gives no request timeout. */
  static final long DEFAULT_LONG_POLL_MILLIS = 10_000;

  /** Stay under gRPC's default 4 MiB message limit with one activation response. */
  static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024 - 64 * 1024;

  record Poller(long id, JobBatchRecord request, CommandResponder responder, long deadline) {}

  /**
   * The polls waiting for jobs. Not state (a poll dies with its connection), but kept apart so a
   * rebuild of the state from the log does not drop the callers waiting in it.
   */
  public static final class Pollers {
    final Map<String, Deque<Poller>> byType = new LinkedHashMap<>();
    final Map<Long, Poller> byId = new HashMap<>();
  }

  private final JobStreams streams;
  private final JobBehavior jobs;
  private final LongConsumer yieldJob;
  private final Map<String, Deque<Poller>> pollersByType;
  private final Map<Long, Poller> pollersById;

  public JobActivation(
      JobStreams streams, JobBehavior jobs, LongConsumer yieldJob, Pollers pollers) {
    this.streams = streams;
    this.jobs = jobs;
    this.yieldJob = yieldJob;
    this.pollersByType = pollers.byType;
    this.pollersById = pollers.byId;
  }

  /**
   * JOB_BATCH ACTIVATE. The command's key carries the poll's id, which the gateway uses to cancel
   * the wait when the caller goes away; {@code timeout} of the request record is the job timeout
   * and {@code longPollMillis} how long to wait for jobs (negative: answer at once).
   */
  public void activate(Record command, ProcessingContext ctx, long longPollMillis) {
    var request = (JobBatchRecord) command.value();
    if (request.type().isBlank()) {
      Rejections.invalidArgument(
          ctx, command, "Expected to activate jobs of a non-empty type, but the type was empty");
      return;
    }
    if (request.worker().isBlank()) {
      Rejections.invalidArgument(
          ctx, command, "Expected to activate jobs with a non-empty worker name, but it was empty");
      return;
    }
    if (request.maxJobsToActivate() < 1) {
      Rejections.invalidArgument(
          ctx,
          command,
          "Expected to activate at least one job, but the maximum number of jobs to activate was "
              + request.maxJobsToActivate());
      return;
    }
    if (request.timeout() < 1) {
      Rejections.invalidArgument(
          ctx, command, "Expected a job timeout of at least 1 ms, but it was " + request.timeout());
      return;
    }
    var activated = activateAvailable(ctx, request, -1);
    if (!activated.isEmpty() || longPollMillis < 0) {
      ctx.respondWith(activated);
      return;
    }
    long wait = longPollMillis == 0 ? DEFAULT_LONG_POLL_MILLIS : longPollMillis;
    var poller = new Poller(command.key(), request, ctx.responder(), ctx.timestamp() + wait);
    pollersByType.computeIfAbsent(request.type(), t -> new ArrayDeque<>()).add(poller);
    pollersById.put(poller.id(), poller);
  }

  private List<ActivatedJob> activateAvailable(
      ProcessingContext ctx, JobBatchRecord request, long streamId) {
    var keys = new ArrayList<Long>();
    for (long key : ctx.state().jobs().activatable(request.type())) {
      keys.add(key);
      if (keys.size() >= request.maxJobsToActivate()) {
        break;
      }
    }
    return keys.isEmpty() ? List.of() : write(ctx, request, keys, streamId);
  }

  private List<ActivatedJob> write(
      ProcessingContext ctx, JobBatchRecord request, List<Long> keys, long streamId) {
    var state = ctx.state();
    List<Long> jobKeys = new ArrayList<>();
    List<JobRecord> records = new ArrayList<>();
    List<ActivatedJob> activated = new ArrayList<>();
    long deadline = ctx.timestamp() + request.timeout();
    int bytes = 0;
    boolean truncated = false;
    for (long key : keys) {
      JobRecord job = state.jobs().get(key).record();
      String variables =
          variablesJson(
              state.variables().visibleJson(job.elementInstanceKey(), request.fetchVariables()));
      int size = variables.length() + 512;
      if (!jobKeys.isEmpty() && bytes + size > MAX_RESPONSE_BYTES) {
        truncated = true;
        break;
      }
      bytes += size;
      var record =
          job.withWorker(request.worker())
              .withDeadline(deadline)
              .withTimeout(request.timeout())
              .withVariables(variables);
      jobKeys.add(key);
      records.add(record);
      activated.add(new ActivatedJob(key, record));
    }
    ctx.event(
        ctx.newKey(),
        JobBatchIntent.ACTIVATED,
        request
            .withJobKeys(jobKeys)
            .withJobs(records)
            .withTruncated(truncated)
            .withStreamId(streamId));
    return activated;
  }

  static String variablesJson(Map<String, String> variables) {
    var json = new StringBuilder(64).append('{');
    boolean first = true;
    for (var entry : variables.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      try {
        json.append(
            dev.millrace.engine.feel.JsonValues.mapper().writeValueAsString(entry.getKey()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      json.append(':').append(entry.getValue());
    }
    return json.append('}').toString();
  }

  /** End of batch: jobs that became activatable go to a ready stream, else to a waiting poll. */
  public void dispatch(ProcessingContext ctx) {
    var candidates = jobs.drainNewlyActivatable();
    if (candidates.isEmpty()) {
      return;
    }
    var state = ctx.state();
    for (long key : candidates) {
      var entry = state.jobs().get(key);
      if (entry == null || entry.state() != JobState.State.ACTIVATABLE) {
        continue;
      }
      String type = entry.record().type();
      JobStream stream = streams.nextReady(type);
      if (stream != null) {
        var request =
            new JobBatchRecord(
                type,
                stream.worker(),
                stream.timeoutMillis(),
                1,
                List.of(),
                List.of(),
                false,
                stream.id(),
                stream.fetchVariables());
        var activated = write(ctx, request, List.of(key), stream.id()).getFirst();
        ctx.sideEffect(
            () -> {
              if (!stream.push(activated)) {
                yieldJob.accept(activated.key());
              }
            });
        continue;
      }
      var waiting = pollersByType.get(type);
      if (waiting == null || waiting.isEmpty()) {
        continue;
      }
      var poller = waiting.poll();
      pollersById.remove(poller.id());
      if (waiting.isEmpty()) {
        pollersByType.remove(type);
      }
      var activated = activateAvailable(ctx, poller.request(), -1);
      var responder = poller.responder();
      ctx.sideEffect(() -> responder.acceptedWith(activated));
    }
  }

  /** Answers polls whose wait is over with no jobs; returns when the next one ends (or MAX). */
  public long expirePollers(long now) {
    long next = Long.MAX_VALUE;
    for (Iterator<Deque<Poller>> it = pollersByType.values().iterator(); it.hasNext(); ) {
      var queue = it.next();
      for (Iterator<Poller> p = queue.iterator(); p.hasNext(); ) {
        var poller = p.next();
        if (poller.deadline() <= now) {
          p.remove();
          pollersById.remove(poller.id());
          poller.responder().acceptedWith(List.<ActivatedJob>of());
        } else {
          next = Math.min(next, poller.deadline());
        }
      }
      if (queue.isEmpty()) {
        it.remove();
      }
    }
    return next;
  }

  /** The caller of a poll went away; forget it. */
  public void cancelPoller(long id) {
    var poller = pollersById.remove(id);
    if (poller != null) {
      var queue = pollersByType.get(poller.request().type());
      if (queue != null) {
        queue.remove(poller);
        if (queue.isEmpty()) {
          pollersByType.remove(poller.request().type());
        }
      }
    }
  }

  public int waitingPolls() {
    return pollersById.size();
  }
}
