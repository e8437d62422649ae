package dev.millrace.engine.processing;

import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.state.JobState;

/**
 * ResolveIncident: the blocked step runs again. A job incident makes the job activatable again
 * (when its retries were raised; with none left a new incident follows at once).
 */
final class IncidentResolveProcessor implements CommandProcessor {

  private final BpmnProcessing bpmn;

  IncidentResolveProcessor(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  @Override
  public void process(dev.millrace.engine.record.Record command, ProcessingContext ctx) {
    var incident = ctx.state().incidents().get(command.key());
    if (incident == null) {
      Rejections.notFound(
          ctx,
          command,
          "Expected to resolve incident with key '"
              + command.key()
              + "', but no such incident was found");
      return;
    }
    var resolved = ctx.event(command.key(), IncidentIntent.RESOLVED, incident);
    if (incident.jobKey() >= 0) {
      var job = ctx.state().jobs().get(incident.jobKey());
      if (job != null) {
        if (job.state() == JobState.State.ACTIVATABLE) {
          bpmn.jobs().becameActivatable(incident.jobKey());
        } else if (job.record().retries() <= 0
            && incident.errorType() == ErrorType.JOB_NO_RETRIES) {
          bpmn.incidents()
              .raiseForJob(
                  incident.jobKey(),
                  job.record(),
                  ErrorType.JOB_NO_RETRIES,
                  job.record().errorMessage().isEmpty()
                      ? "No more retries left."
                      : job.record().errorMessage());
        }
      }
    } else {
      var instance = bpmn.instance(incident.elementInstanceKey());
      if (instance != null) {
        if (instance.state() == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
          bpmn.continueActivation(instance);
        } else if (instance.state() == ProcessInstanceIntent.ELEMENT_COMPLETING) {
          bpmn.continueCompletion(instance);
        }
      }
    }
    ctx.respond(resolved);
  }
}
