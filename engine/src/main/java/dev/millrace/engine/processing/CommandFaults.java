package dev.millrace.engine.processing;

import dev.millrace.engine.processing.ProcessingContext.InternalCommand;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.MessageIntent;
import dev.millrace.engine.record.TimerIntent;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.state.ElementInstance;

/**
 * A command the engine gave itself (a due timer, job deadline, back-off, message expiry, or a
 * follow-up left by a capped batch) could not be made durable: processing failed or its records
 * would not fit one batch. Nobody can be told "refused", and the trigger would fall due again and
 * again, so it is taken out of the schedule and the element it was for gets an incident that says
 * why (MESSAGE_SIZE_EXCEEDED when too large). The process can then be fixed or cancelled.
 */
final class CommandFaults {

  private final BpmnProcessing bpmn;

  CommandFaults(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  void scheduled(
      EngineProcessor.Command command, ProcessingContext ctx, String reason, boolean tooLarge) {
    var state = ctx.state();
    ErrorType type = tooLarge ? ErrorType.MESSAGE_SIZE_EXCEEDED : ErrorType.UNKNOWN;
    if (command.intent() == TimerIntent.TRIGGER) {
      var timer = state.timers().get(command.key());
      if (timer == null) {
        return;
      }
      ctx.event(command.key(), TimerIntent.CANCELED, timer);
      var owner = bpmn.instance(timer.elementInstanceKey());
      if (owner != null) {
        raise(
            ctx,
            owner,
            type,
            "Expected to trigger timer '" + timer.targetElementId() + "', but " + reason);
      }
    } else if (command.intent() == JobIntent.TIME_OUT
        || command.intent() == JobIntent.RECUR_AFTER_BACKOFF
        || command.intent() == JobIntent.YIELD) {
      var job = state.jobs().get(command.key());
      if (job == null) {
        return;
      }
      var failed = job.record().withRetries(0).withErrorMessage(reason);
      ctx.event(command.key(), JobIntent.FAILED, failed);
      bpmn.incidents()
          .raiseForJob(
              command.key(), failed, type, "Expected to hand out the job again, but " + reason);
    } else if (command.intent() == MessageIntent.EXPIRE) {
      var message = state.messages().message(command.key());
      if (message != null) {
        ctx.event(command.key(), MessageIntent.EXPIRED, message);
      }
    }
  }

  void pending(InternalCommand command, ProcessingContext ctx, String reason, boolean tooLarge) {
    var value = (ProcessInstanceRecord) command.value();
    ElementInstance target = bpmn.instance(command.key());
    if (target == null) {
      target = bpmn.instance(value.flowScopeKey());
    }
    if (target != null) {
      raise(
          ctx,
          target,
          tooLarge ? ErrorType.MESSAGE_SIZE_EXCEEDED : ErrorType.UNKNOWN,
          "Expected to "
              + command.intent().name().toLowerCase().replace('_', ' ')
              + " '"
              + value.elementId()
              + "', but "
              + reason);
    }
  }

  private void raise(
      ProcessingContext ctx, ElementInstance instance, ErrorType type, String message) {
    if (ctx.state().incidents().ofElementInstance(instance.key()) >= 0) {
      return; // one open incident per element instance
    }
    var v = instance.value();
    ctx.event(
        ctx.newKey(),
        IncidentIntent.CREATED,
        new IncidentRecord(
            type,
            message,
            v.bpmnProcessId(),
            v.processDefinitionKey(),
            v.processInstanceKey(),
            v.elementId(),
            instance.key(),
            -1,
            instance.key(),
            v.tenantId()));
  }
}
