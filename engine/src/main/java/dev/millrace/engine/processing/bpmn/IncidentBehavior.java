package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.processing.ProcessingContext;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.state.ElementInstance;

/** Raises and clears incidents: the element (or job) waits until someone resolves them. */
public final class IncidentBehavior {

  private final ProcessingContext ctx;

  IncidentBehavior(ProcessingContext ctx) {
    this.ctx = ctx;
  }

  public void raise(ElementInstance instance, ErrorType type, String message) {
    var value = instance.value();
    var incident =
        new IncidentRecord(
            type,
            message,
            value.bpmnProcessId(),
            value.processDefinitionKey(),
            value.processInstanceKey(),
            value.elementId(),
            instance.key(),
            -1,
            instance.key(),
            value.tenantId());
    ctx.event(ctx.newKey(), IncidentIntent.CREATED, incident);
  }

  public void raiseForJob(long jobKey, JobRecord job, ErrorType type, String message) {
    var incident =
        new IncidentRecord(
            type,
            message,
            job.bpmnProcessId(),
            job.processDefinitionKey(),
            job.processInstanceKey(),
            job.elementId(),
            job.elementInstanceKey(),
            jobKey,
            job.elementInstanceKey(),
            job.tenantId());
    ctx.event(ctx.newKey(), IncidentIntent.CREATED, incident);
  }

  /** Clears the incidents of an element instance and of its job (on termination). */
  public void resolveAllOf(ElementInstance instance) {
    var incidents = ctx.state().incidents();
    long key = incidents.ofElementInstance(instance.key());
    if (key >= 0) {
      ctx.event(key, IncidentIntent.RESOLVED, incidents.get(key));
    }
    if (instance.jobKey() >= 0) {
      long jobIncident = incidents.ofJob(instance.jobKey());
      if (jobIncident >= 0) {
        ctx.event(jobIncident, IncidentIntent.RESOLVED, incidents.get(jobIncident));
      }
    }
  }
}
