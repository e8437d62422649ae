package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.state.ElementInstance;
import dev.millrace.engine.state.ProcessDefinition;
import java.util.Map;

/** Starts process instances: by request, by a message/timer/signal start event, by a call. */
public final class ProcessStarter {

  private final BpmnProcessing bpmn;

  ProcessStarter(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  /**
   * Creates and activates an instance.
   *
   * @param startEventId the start event an event triggered, or null for the none start event
   * @param triggerVariables variables of that event (applied at the start event), may be empty
   * @param callerInstance the call activity instance, or null for a root instance
   */
  public ElementInstance start(
      ProcessDefinition definition,
      Map<String, Object> variables,
      String startEventId,
      Map<String, Object> triggerVariables,
      ElementInstance callerInstance) {
    var ctx = bpmn.ctx;
    long key = ctx.newKey();
    var record = definition.record();
    var value =
        new ProcessInstanceRecord(
            record.bpmnProcessId(),
            record.version(),
            record.processDefinitionKey(),
            key,
            record.bpmnProcessId(),
            -1,
            BpmnElementType.PROCESS,
            BpmnEventType.UNSPECIFIED,
            callerInstance == null ? -1 : callerInstance.processInstanceKey(),
            callerInstance == null ? -1 : callerInstance.key(),
            record.tenantId());
    ctx.event(key, ProcessInstanceIntent.ELEMENT_ACTIVATING, value);
    var root = bpmn.instance(key);
    bpmn.variables.setLocal(root, variables);
    if (startEventId != null) {
      bpmn.subscriptions.writeTrigger(
          root,
          key,
          startEventId,
          triggerVariables == null || triggerVariables.isEmpty()
              ? ""
              : JsonValues.write(triggerVariables));
    }
    bpmn.continueActivation(root);
    return root;
  }
}
