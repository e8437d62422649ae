package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.processing.ProcessingContext;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.state.ElementInstance;
import java.util.LinkedHashSet;
import java.util.Set;

/** Creates and cancels the jobs of job-based elements, and notes jobs workers may now take. */
public final class JobBehavior {

  private final ProcessingContext ctx;
  private final ExpressionLanguage expressions;
  private final VariableBehavior variables;

  /** Jobs that became activatable in this batch; handed to streams and waiting polls after it. */
  private final Set<Long> newlyActivatable = new LinkedHashSet<>();

  JobBehavior(ProcessingContext ctx, ExpressionLanguage expressions, VariableBehavior variables) {
    this.ctx = ctx;
    this.expressions = expressions;
    this.variables = variables;
  }

  private String evaluatedType;
  private int evaluatedRetries;

  /**
   * Evaluates the job type and retries before the element is activated (as Zeebe does); returns a
   * failure message for an EXTRACT_VALUE_ERROR incident, or null.
   */
  public String checkJobExpressions(ExecutableFlowNode element, ElementInstance instance) {
    var definition = element.jobDefinition();
    var lookup = variables.lookup(instance.key());
    var type = expressions.evaluateString(definition.type(), lookup);
    if (!type.isSuccess()) {
      return type.failureMessage();
    }
    var retries = expressions.evaluateLong(definition.retries(), lookup);
    if (!retries.isSuccess()) {
      return retries.failureMessage();
    }
    evaluatedType = type.value();
    evaluatedRetries = (int) Math.max(0, Math.min(Integer.MAX_VALUE, retries.value()));
    return null;
  }

  /** Creates the job with what {@link #checkJobExpressions} evaluated for this instance. */
  public void createJob(ExecutableFlowNode element, ElementInstance instance) {
    var value = instance.value();
    var job =
        new JobRecord(
            evaluatedType,
            "",
            evaluatedRetries,
            -1,
            -1,
            0,
            -1,
            "",
            "",
            element.jobDefinition().headers(),
            "",
            value.elementId(),
            instance.key(),
            value.processInstanceKey(),
            value.bpmnProcessId(),
            value.version(),
            value.processDefinitionKey(),
            value.tenantId());
    long key = ctx.newKey();
    ctx.event(key, JobIntent.CREATED, job);
    newlyActivatable.add(key);
  }

  public void cancelJob(ElementInstance instance) {
    long jobKey = instance.jobKey();
    if (jobKey < 0) {
      return;
    }
    var job = ctx.state().jobs().get(jobKey);
    if (job != null) {
      ctx.event(jobKey, JobIntent.CANCELED, job.record());
    }
  }

  public void becameActivatable(long jobKey) {
    newlyActivatable.add(jobKey);
  }

  /** Takes (and forgets) the jobs that became activatable since the last call. */
  public Set<Long> drainNewlyActivatable() {
    if (newlyActivatable.isEmpty()) {
      return Set.of();
    }
    var copy = new LinkedHashSet<>(newlyActivatable);
    newlyActivatable.clear();
    return copy;
  }
}
