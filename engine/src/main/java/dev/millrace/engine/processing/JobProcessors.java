package dev.millrace.engine.processing;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.processing.bpmn.ErrorBehavior;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.state.JobState;
import java.util.Map;

/** What workers (and the clock) do to jobs: complete, fail, throw an error, retries, timeouts. */
final class JobProcessors {

  private final BpmnProcessing bpmn;

  JobProcessors(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  /** The job, if it exists and a worker may act on it; otherwise rejects and returns null. */
  private JobState.Entry workable(ProcessingContext ctx, Record command, String action) {
    var entry = ctx.state().jobs().get(command.key());
    if (entry == null) {
      Rejections.notFound(
          ctx,
          command,
          "Expected to "
              + action
              + " job with key '"
              + command.key()
              + "', but no such job was found");
      return null;
    }
    if (entry.state() != JobState.State.ACTIVATABLE && entry.state() != JobState.State.ACTIVATED) {
      Rejections.invalidState(
          ctx,
          command,
          "Expected to "
              + action
              + " job with key '"
              + command.key()
              + "', but it is in state '"
              + stateName(entry.state())
              + "'");
      return null;
    }
    return entry;
  }

  private static String stateName(JobState.State state) {
    return switch (state) {
      case FAILED_NO_RETRIES, FAILED_WAITING_FOR_BACKOFF -> "FAILED";
      default -> state.name();
    };
  }

  private static Map<String, Object> variables(ProcessingContext ctx, Record command, String json) {
    try {
      return JsonValues.parseObject(json);
    } catch (IllegalArgumentException e) {
      Rejections.invalidArgument(
          ctx,
          command,
          "Expected to set variables from document, but the document is invalid: "
              + e.getMessage());
      return null;
    }
  }

  CommandProcessor complete() {
    return (command, ctx) -> {
      var entry = workable(ctx, command, "complete");
      if (entry == null) {
        return;
      }
      var request = (JobRecord) command.value();
      var values = variables(ctx, command, request.variables());
      if (values == null) {
        return;
      }
      var job = entry.record();
      var completed =
          ctx.event(command.key(), JobIntent.COMPLETED, job.withVariables(request.variables()));
      var instance = bpmn.instance(job.elementInstanceKey());
      if (instance != null && instance.state() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
        var element = bpmn.elementOf(instance);
        bpmn.variables().mergeIntoElement(instance, !element.outputMappings().isEmpty(), values);
        bpmn.complete(instance);
      }
      ctx.respond(completed);
    };
  }

  CommandProcessor fail() {
    return (command, ctx) -> {
      var entry = workable(ctx, command, "fail");
      if (entry == null) {
        return;
      }
      var request = (JobRecord) command.value();
      var values = variables(ctx, command, request.variables());
      if (values == null) {
        return;
      }
      long backoff = Math.max(0, request.retryBackoff());
      var failedJob =
          entry
              .record()
              .withRetries(request.retries())
              .withErrorMessage(request.errorMessage())
              .withRetryBackoff(backoff)
              .withRecurringTime(backoff > 0 ? ctx.timestamp() + backoff : -1)
              .withVariables(request.variables());
      var failed = ctx.event(command.key(), JobIntent.FAILED, failedJob);
      var instance = bpmn.instance(failedJob.elementInstanceKey());
      if (instance != null && !values.isEmpty()) {
        bpmn.variables().setLocal(instance, values);
      }
      if (request.retries() > 0) {
        if (backoff == 0) {
          bpmn.jobs().becameActivatable(command.key());
        }
      } else {
        String message =
            failedJob.errorMessage().isEmpty() ? "No more retries left." : failedJob.errorMessage();
        bpmn.incidents().raiseForJob(command.key(), failedJob, ErrorType.JOB_NO_RETRIES, message);
      }
      ctx.respond(failed);
    };
  }

  CommandProcessor throwError() {
    return (command, ctx) -> {
      var entry = workable(ctx, command, "throw an error for");
      if (entry == null) {
        return;
      }
      var request = (JobRecord) command.value();
      var values = variables(ctx, command, request.variables());
      if (values == null) {
        return;
      }
      if (request.errorCode().isBlank()) {
        Rejections.invalidArgument(
            ctx,
            command,
            "Expected to throw an error with a non-empty error code, but it was empty");
        return;
      }
      var job =
          entry
              .record()
              .withErrorCode(request.errorCode())
              .withErrorMessage(request.errorMessage())
              .withVariables(request.variables());
      var thrown = ctx.event(command.key(), JobIntent.ERROR_THROWN, job);
      var instance = bpmn.instance(job.elementInstanceKey());
      boolean caught =
          instance != null && bpmn.errors().throwError(instance, request.errorCode(), values);
      if (!caught) {
        bpmn.incidents()
            .raiseForJob(
                command.key(),
                job,
                ErrorType.UNHANDLED_ERROR_EVENT,
                ErrorBehavior.unhandledMessage(request.errorCode(), request.errorMessage()));
      }
      ctx.respond(thrown);
    };
  }

  CommandProcessor updateRetries() {
    return (command, ctx) -> {
      var entry = ctx.state().jobs().get(command.key());
      int retries = ((JobRecord) command.value()).retries();
      if (entry == null) {
        Rejections.notFound(
            ctx,
            command,
            "Expected to update retries for job with key '"
                + command.key()
                + "', but no such job was found");
        return;
      }
      if (retries < 1) {
        Rejections.invalidArgument(
            ctx,
            command,
            "Expected to update retries for job with key '"
                + command.key()
                + "' with a positive amount of retries, but the amount given was '"
                + retries
                + "'");
        return;
      }
      ctx.respond(
          ctx.event(command.key(), JobIntent.RETRIES_UPDATED, entry.record().withRetries(retries)));
    };
  }

  CommandProcessor updateTimeout() {
    return (command, ctx) -> {
      var entry = ctx.state().jobs().get(command.key());
      long timeout = ((JobRecord) command.value()).timeout();
      if (entry == null) {
        Rejections.notFound(
            ctx,
            command,
            "Expected to update job timeout for job with key '"
                + command.key()
                + "', but no such job was found");
        return;
      }
      if (entry.state() != JobState.State.ACTIVATED) {
        Rejections.invalidState(
            ctx,
            command,
            "Expected to update the timeout of job with key '"
                + command.key()
                + "', but it is not active");
        return;
      }
      if (timeout < 1) {
        Rejections.invalidArgument(
            ctx, command, "Expected a job timeout of at least 1 ms, but it was " + timeout);
        return;
      }
      var updated = entry.record().withTimeout(timeout).withDeadline(ctx.timestamp() + timeout);
      ctx.respond(ctx.event(command.key(), JobIntent.TIMEOUT_UPDATED, updated));
    };
  }

  /** Scheduled: an activated job's deadline passed; it goes back to be taken again. */
  CommandProcessor timeOut() {
    return (command, ctx) -> {
      var entry = ctx.state().jobs().get(command.key());
      if (entry == null
          || entry.state() != JobState.State.ACTIVATED
          || entry.record().deadline() > ctx.timestamp()) {
        Rejections.invalidState(
            ctx, command, "Job " + command.key() + " is no longer due to time out");
        return;
      }
      ctx.event(command.key(), JobIntent.TIMED_OUT, entry.record());
      bpmn.jobs().becameActivatable(command.key());
    };
  }

  /** A pushed job could not be delivered; it goes back to be taken again. */
  CommandProcessor yieldJob() {
    return (command, ctx) -> {
      var entry = ctx.state().jobs().get(command.key());
      if (entry == null || entry.state() != JobState.State.ACTIVATED) {
        Rejections.invalidState(ctx, command, "Job " + command.key() + " is not activated");
        return;
      }
      ctx.event(command.key(), JobIntent.YIELDED, entry.record());
      bpmn.jobs().becameActivatable(command.key());
    };
  }

  /** Scheduled: a failed job's retry back-off is over. */
  CommandProcessor recurAfterBackoff() {
    return (command, ctx) -> {
      var entry = ctx.state().jobs().get(command.key());
      if (entry == null
          || entry.state() != JobState.State.FAILED_WAITING_FOR_BACKOFF
          || entry.record().recurringTime() > ctx.timestamp()) {
        Rejections.invalidState(
            ctx, command, "Job " + command.key() + " is not waiting for a back-off");
        return;
      }
      ctx.event(command.key(), JobIntent.RECURRED_AFTER_BACKOFF, entry.record());
      bpmn.jobs().becameActivatable(command.key());
    };
  }
}
